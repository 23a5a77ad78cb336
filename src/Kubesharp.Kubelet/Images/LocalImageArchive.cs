namespace Kubesharp.Kubelet.Images;

/// <summary>An image archive written to disk.</summary>
public sealed record LocalImageArchive(string Name, string Path, OciArchiveInfo Digests);
