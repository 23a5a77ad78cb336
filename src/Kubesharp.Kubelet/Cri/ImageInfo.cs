namespace Kubesharp.Kubelet.Cri;

/// <summary>An image present on the node.</summary>
public sealed record ImageInfo(string Id, IReadOnlyList<string> RepoTags, IReadOnlyList<string> RepoDigests, ulong SizeBytes)
{
    /// <summary>Pinned images (e.g. the sandbox image) are never garbage collected.</summary>
    public bool Pinned { get; init; }
}
