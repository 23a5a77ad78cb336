namespace Kubesharp.Kubelet.Cri;

/// <summary>A sandbox as the runtime reports it. <see cref="Ip"/> is filled by status, not by list.</summary>
public sealed record PodSandboxInfo(string Id, string Name, string Namespace, string Uid, uint Attempt, PodSandboxState State)
{
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The pod's primary address from CNI; empty for host-network pods and in list results.</summary>
    public string Ip { get; init; } = "";

    public IReadOnlyList<string> AdditionalIps { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
