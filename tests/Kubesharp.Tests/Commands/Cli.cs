using System.Diagnostics;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Server;

namespace Kubesharp.Tests.Commands;

/// <summary>Runs the real kubesharp binary with arguments, bounded in time.</summary>
internal static class Cli
{
    /// <summary>The user <c>nobody</c>, for the errors a user without root meets.</summary>
    public const int Nobody = 65534;

    public static Task<ProcessResult> RunAsync(params string[] args) => ProcessRun.RunAsync(Start(args), null, TimeSpan.FromSeconds(60));

    /// <summary>Runs the binary as <paramref name="uid"/> (no supplementary groups, HOME in /tmp) through setpriv; the caller must be root.</summary>
    public static Task<ProcessResult> RunAsUserAsync(int uid, params string[] args) => ProcessRun.RunAsync(StartAsUser(uid, args), null, TimeSpan.FromSeconds(60));

    public static ProcessStartInfo StartAsUser(int uid, params string[] args)
    {
        var id = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("setpriv") { ArgumentList = { $"--reuid={id}", $"--regid={id}", "--clear-groups", "dotnet", KubesharpServerProcess.ServerDll() } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = Path.GetTempPath();
        return start;
    }

    private static ProcessStartInfo Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { KubesharpServerProcess.ServerDll() } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
