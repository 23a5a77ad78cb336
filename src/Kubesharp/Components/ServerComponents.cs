namespace Kubesharp.Components;

/// <summary>
/// The components <c>kubesharp server</c> runs beside the API server, in start order. Each issue
/// that adds a component adds one line here; <c>--disable NAME</c> leaves it out.
/// </summary>
internal static class ServerComponents
{
    public static IReadOnlyList<IClusterComponent> All(Commands.NodeSettings? node = null, string clusterCidr = Commands.ClusterNetwork.DefaultClusterCidr) =>
    [
        new SchedulerComponent(),
        new ControllerManagerComponent(clusterCidr),
        new ProxyComponent(node ?? Commands.NodeSettings.Default, clusterCidr),
        new DnsComponent(),
        new KubeletComponent(node ?? Commands.NodeSettings.Default, clusterCidr),
    ];

    /// <summary>
    /// What <c>kubesharp agent</c> runs for its node against a remote server: the kubelet, the
    /// service proxy (without the LoadBalancer status writer, which the server's proxy owns) and
    /// the node-local cluster DNS, and the renewal of the node's client certificate.
    /// </summary>
    public static IReadOnlyList<IClusterComponent> Agent(Commands.NodeSettings node, string clusterCidr) =>
    [
        new NodeCertificateComponent(node.EffectiveNodeName),
        new ProxyComponent(node, clusterCidr, serviceLoadBalancer: false),
        new DnsComponent(),
        new KubeletComponent(node, clusterCidr),
    ];

    public static IReadOnlyList<string> Names => All().Select(c => c.Name).ToArray();
}
