namespace Kubesharp.Kubelet.Cri;

/// <summary>Narrows a sandbox listing; every null/empty member matches all.</summary>
public sealed record PodSandboxFilter
{
    public static PodSandboxFilter All { get; } = new();

    public string? Id { get; init; }

    public PodSandboxState? State { get; init; }

    public IReadOnlyDictionary<string, string> LabelSelector { get; init; } = new Dictionary<string, string>();
}
