namespace Kubesharp.Proxy.Model;

/// <summary>The parts of a Service the proxy acts on (IPv4 only).</summary>
/// <param name="Key">"namespace/name".</param>
/// <param name="ClusterIp">The IPv4 ClusterIP, or null (headless, ExternalName, not yet allocated).</param>
/// <param name="ExternalNodePorts">NodePort or LoadBalancer: the ports listen on the node's addresses too.</param>
/// <param name="LoadBalancer">type LoadBalancer: the built-in ServiceLB serves node address:port.</param>
/// <param name="LocalOnly">externalTrafficPolicy: Local.</param>
/// <param name="AffinitySeconds">sessionAffinity: ClientIP timeout, or 0.</param>
internal sealed record ServiceInfo(
    string Key,
    string? ClusterIp,
    IReadOnlyList<ServicePortInfo> Ports,
    bool ExternalNodePorts,
    bool LoadBalancer,
    bool LocalOnly,
    int AffinitySeconds,
    IReadOnlyList<string> ExternalIps);
