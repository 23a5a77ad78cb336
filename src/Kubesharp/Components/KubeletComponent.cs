using Kubesharp.Commands;
using Kubesharp.Kubelet;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Components;

/// <summary>
/// The local node's kubelet (containerd over CRI). Where it cannot run (not root, containerd
/// missing, containerd failing to start) it says so once and idles, as the proxy does without
/// nftables: the control plane keeps working, pods bound here just stay Pending.
/// </summary>
/// <param name="clusterCidr">The cluster's pod range: only traffic leaving it is masqueraded.</param>
internal sealed partial class KubeletComponent(NodeSettings node, string? clusterCidr = null) : IClusterComponent
{
    public string Name => "kubelet";

    public async Task RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        var log = context.LoggerFactory.CreateLogger("Kubesharp.Components.Kubelet");
        var options = Options(node, context.DataDirectory) with { ClusterCidr = clusterCidr };
        var problem = KubeletHost.Probe(options);
        if (problem is null)
        {
            try
            {
                await KubeletHost.RunAsync(context.Client, options, context.LoggerFactory, () => context.Ready(Name), cancellationToken);
                return;
            }
            catch (Exception e) when (e is Kubelet.Cri.CriException or InvalidOperationException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                problem = e.Message;
            }
        }

        LogUnavailable(log, problem);
        context.Ready(Name);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    /// <summary>The kubelet's options inside the cluster's data directory: its files in kubelet/, air-gap archives in images/.</summary>
    internal static KubeletOptions Options(NodeSettings node, string dataDirectory) =>
        new(node.EffectiveNodeName, Path.Combine(dataDirectory, "kubelet"))
        {
            ContainerRuntimeEndpoint = node.RuntimeEndpoint,
            StrictImagePull = node.StrictImagePull,
            ImagesDirectory = Path.Combine(dataDirectory, "images"),
            ClientCaFile = ApiServer.Certificates.ClusterCertificates.CertificatePath(dataDirectory, "ca"),
            NodeIp = node.NodeIp,
            PodCidrWait = node.PodCidrWait,
            PodCidr = node.FallbackPodCidr,
            RoutePodNetworks = true,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "kubelet idle: {Problem}; this host runs no pods. Run as root after scripts/install-deps.sh, or --disable kubelet")]
    private static partial void LogUnavailable(ILogger logger, string problem);
}
