using Kubesharp.Api.Networking;
using Kubesharp.Proxy;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Components;

/// <summary>
/// The service proxy of the local node (nftables). Where nft cannot run (not root, no nftables)
/// it says so once and idles: the control plane still works, Services just aren't reachable.
/// </summary>
/// <param name="node">The node this proxy serves (its name decides which endpoints are local).</param>
/// <param name="clusterCidr">Pod range: ClusterIP traffic from outside it is masqueraded.</param>
/// <param name="serviceLoadBalancer">Write LoadBalancer Services' status (one proxy per cluster does).</param>
internal sealed partial class ProxyComponent(Commands.NodeSettings node, string clusterCidr, bool serviceLoadBalancer = true) : IClusterComponent
{
    public string Name => "proxy";

    public async Task RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        var log = context.LoggerFactory.CreateLogger("Kubesharp.Components.Proxy");
        var options = new ProxyOptions(node.EffectiveNodeName, NodeAddresses()) { ClusterCidr = clusterCidr, ServiceLoadBalancer = serviceLoadBalancer };
        var problem = await ServiceProxy.ProbeAsync(options, cancellationToken);
        if (problem is not null)
        {
            LogUnavailable(log, problem);
            context.Ready(Name);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return;
        }

        await ServiceProxy.RunAsync(context.Client, options, context.LoggerFactory, () => context.Ready(Name), cancellationToken);
    }

    /// <summary>The node's IPv4 addresses (up, not loopback): NodePorts and LoadBalancer ingress use them.</summary>
    internal static string[] NodeAddresses() => HostAddresses.IPv4().Select(a => a.ToString()).ToArray();

    [LoggerMessage(Level = LogLevel.Warning, Message = "service proxy idle: nft is not usable here ({Problem}); Services get no rules. Run as root with nftables installed (scripts/install-deps.sh), or --disable proxy")]
    private static partial void LogUnavailable(ILogger logger, string problem);
}
