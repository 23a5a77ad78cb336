namespace Kubesharp.Kubelet.Images;

/// <summary>Loads image archives (OCI layout or docker-archive tar) into the node's runtime, where CRI sees them.</summary>
public interface IImageImporter
{
    /// <summary>Imports every image of the archive; returns the image names the runtime reported.</summary>
    Task<IReadOnlyList<string>> ImportAsync(string archivePath, CancellationToken cancellationToken);
}
