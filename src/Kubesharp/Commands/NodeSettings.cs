namespace Kubesharp.Commands;

/// <summary>The node flags of <c>kubesharp server</c> (and <c>kubesharp kubelet</c>): what the local kubelet runs as.</summary>
/// <param name="NodeName">The Node's name; null: the host name, lower-cased.</param>
/// <param name="RuntimeEndpoint">An existing containerd CRI socket; null: the kubelet starts its own containerd.</param>
/// <param name="StrictImagePull">Upstream's behaviour for imagePullPolicy Always on an offline node (fail instead of using the local image).</param>
internal sealed record NodeSettings(string? NodeName = null, string? RuntimeEndpoint = null, bool StrictImagePull = false)
{
    public static NodeSettings Default { get; } = new();

    public string EffectiveNodeName => NodeName ?? Environment.MachineName.ToLowerInvariant();
}
