namespace Kubesharp.Kubelet.Cri;

/// <summary>The CRI v1 image service: the images a node has. Failures surface as <see cref="CriException"/>.</summary>
public interface IImageService
{
    Task<IReadOnlyList<ImageInfo>> ListImagesAsync(CancellationToken cancellationToken);

    /// <summary>The image a reference resolves to on this node, or null when it is not present.</summary>
    Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken cancellationToken);

    /// <summary>Pulls an image; returns the image reference (digest) the runtime resolved.</summary>
    Task<string> PullImageAsync(ImagePull pull, CancellationToken cancellationToken);

    /// <summary>Removes an image (all of its tags); idempotent.</summary>
    Task RemoveImageAsync(string image, CancellationToken cancellationToken);
}
