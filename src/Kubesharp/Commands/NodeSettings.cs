namespace Kubesharp.Commands;

/// <summary>The node flags of <c>kubesharp server</c> (and <c>kubesharp kubelet</c>): what the local kubelet runs as.</summary>
/// <param name="NodeName">The Node's name; null: the host name, lower-cased.</param>
/// <param name="RuntimeEndpoint">An existing containerd CRI socket; null: the kubelet starts its own containerd.</param>
/// <param name="StrictImagePull">Upstream's behaviour for imagePullPolicy Always on an offline node (fail instead of using the local image).</param>
internal sealed record NodeSettings(string? NodeName = null, string? RuntimeEndpoint = null, bool StrictImagePull = false)
{
    public static NodeSettings Default { get; } = new();

    /// <summary>The node's InternalIP (<c>--node-ip</c>); null: the first non-loopback IPv4 address.</summary>
    public string? NodeIp { get; init; }

    /// <summary>How long a new node waits for the controller manager to assign its podCIDR; zero: none will, use <see cref="FallbackPodCidr"/>.</summary>
    public TimeSpan PodCidrWait { get; init; }

    /// <summary>The node's range when the cluster assigns none.</summary>
    public string FallbackPodCidr { get; init; } = "10.42.0.0/24";

    public string EffectiveNodeName => NodeName ?? Environment.MachineName.ToLowerInvariant();
}
