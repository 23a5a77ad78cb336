using Kubesharp.Controllers.Manager;

namespace Kubesharp.Components;

/// <summary>The controller manager inside <c>kubesharp server</c> (leader-elected, as upstream's).</summary>
/// <param name="clusterCidr">The range node IPAM carves node podCIDRs from.</param>
/// <param name="rootCa">The cluster CA (PEM) that kube-root-ca.crt publishes; null: the one in the data directory.</param>
internal sealed class ControllerManagerComponent(string clusterCidr, string? rootCa = null) : IClusterComponent
{
    public string Name => "controllers";

    public Task RunAsync(ComponentContext context, CancellationToken cancellationToken) =>
        ControllerManager.RunAsync(
            context.Client,
            new ControllerManagerOptions($"{Environment.MachineName}_{Environment.ProcessId}") { RootCaCertificate = rootCa ?? RootCa(context.DataDirectory), ClusterCidr = clusterCidr },
            context.LoggerFactory,
            () => context.Ready(Name),
            cancellationToken);

    private static string? RootCa(string dataDirectory)
    {
        var path = Kubesharp.ApiServer.Certificates.ClusterCertificates.CertificatePath(dataDirectory, "ca");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
