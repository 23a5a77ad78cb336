namespace Kubesharp.Kubelet.Images;

/// <summary>The digests of a written archive ("sha256:..." form).</summary>
/// <param name="ManifestDigest">The image's identity in registries and containerd (RepoDigest).</param>
/// <param name="ConfigDigest">The image id as CRI reports it.</param>
/// <param name="LayerDigest">The compressed layer blob.</param>
/// <param name="DiffId">The uncompressed layer (what rootfs.diff_ids lists).</param>
public sealed record OciArchiveInfo(string ManifestDigest, string ConfigDigest, string LayerDigest, string DiffId);
