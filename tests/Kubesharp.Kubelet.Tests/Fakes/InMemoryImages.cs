using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Tests.Fakes;

/// <summary>The node's images in memory; pulls fail as on an offline node unless <see cref="PullResult"/> says otherwise.</summary>
internal sealed class InMemoryImages : IImageService
{
    public HashSet<string> Present { get; } = new(StringComparer.Ordinal) { "busybox" };

    public int Pulls { get; private set; }

    public string PullFailure { get; set; } = "dial tcp: lookup registry-1.docker.io: no such host";

    public Task<IReadOnlyList<ImageInfo>> ListImagesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ImageInfo>>(Present.Select(p => new ImageInfo(p, [p], [], 1)).ToList());

    public Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken cancellationToken) =>
        Task.FromResult(Present.Contains(image) ? new ImageInfo(image, [image], [], 1) : null);

    public Task<string> PullImageAsync(ImagePull pull, CancellationToken cancellationToken)
    {
        Pulls++;
        throw new CriException("PullImage", CriErrorKind.Failed, PullFailure, null);
    }

    public Task RemoveImageAsync(string image, CancellationToken cancellationToken) => Task.CompletedTask;
}
