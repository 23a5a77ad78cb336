using System.Diagnostics;

namespace Kubesharp.Testing.Processes;

/// <summary>
/// The real kubectl against one kubeconfig, with a HOME of its own beside that kubeconfig
/// (<c>kubectl-home</c>) so its discovery cache never mixes clusters. Output is redirected, so
/// the result can go to <see cref="ProcessRun.RunAsync"/> or be started directly.
/// </summary>
public static class KubectlStart
{
    public const string Path = "/usr/bin/kubectl";

    public static ProcessStartInfo Create(string kubeconfig, params string[] args)
    {
        var start = ProcessRun.StartInfo(Path, args);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["HOME"] = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(kubeconfig)!, "kubectl-home");
        return start;
    }
}
