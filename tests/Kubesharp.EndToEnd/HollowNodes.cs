using System.Globalization;

namespace Kubesharp.EndToEnd;

/// <summary>`kubesharp simulate` as a child process: hollow nodes that run the pods bound to them; stopped by its pid.</summary>
internal static class HollowNodes
{
    public static KubesharpCommandProcess Start(KubesharpServer server, int nodes, string namePrefix) =>
        Start(server.KubeconfigPath, nodes, namePrefix);

    public static KubesharpCommandProcess Start(string kubeconfig, int nodes, string namePrefix) =>
        KubesharpCommandProcess.Start("simulate", "--nodes", nodes.ToString(CultureInfo.InvariantCulture), "--name-prefix", namePrefix, "--kubeconfig", kubeconfig);
}
