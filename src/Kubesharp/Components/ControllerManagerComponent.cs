using Kubesharp.Controllers.Manager;

namespace Kubesharp.Components;

/// <summary>The controller manager inside <c>kubesharp server</c> (leader-elected, as upstream's).</summary>
/// <param name="clusterCidr">The range node IPAM carves node podCIDRs from.</param>
internal sealed class ControllerManagerComponent(string clusterCidr) : IClusterComponent
{
    public string Name => "controllers";

    public Task RunAsync(ComponentContext context, CancellationToken cancellationToken) =>
        ControllerManager.RunAsync(
            context.Client,
            new ControllerManagerOptions($"{Environment.MachineName}_{Environment.ProcessId}") { RootCaCertificate = RootCa(context.DataDirectory), ClusterCidr = clusterCidr },
            context.LoggerFactory,
            () => context.Ready(Name),
            cancellationToken);

    private static string? RootCa(string dataDirectory)
    {
        var path = Kubesharp.ApiServer.Certificates.ClusterCertificates.CertificatePath(dataDirectory, "ca");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
