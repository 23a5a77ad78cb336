namespace Kubesharp.Kubelet.Cri;

/// <summary>Narrows a container listing; every null/empty member matches all.</summary>
public sealed record ContainerFilter
{
    public static ContainerFilter All { get; } = new();

    public string? Id { get; init; }

    public string? PodSandboxId { get; init; }

    public ContainerState? State { get; init; }

    public IReadOnlyDictionary<string, string> LabelSelector { get; init; } = new Dictionary<string, string>();
}
