namespace Kubesharp.Commands;

/// <summary>Which kubeconfig a command that works for a cluster elsewhere uses: <c>--kubeconfig</c>, else $KUBECONFIG, else the default data dir's.</summary>
internal static class KubeconfigPath
{
    public static string Resolve(string? flag) =>
        flag ?? Environment.GetEnvironmentVariable("KUBECONFIG") ?? Path.Combine(DataDirectory.Default, "kubeconfig.yaml");
}
