namespace Kubesharp.Kubelet.Cri;

internal sealed class ImageServiceClient(V1.ImageService.ImageServiceClient client) : IImageService
{
    public async Task<IReadOnlyList<ImageInfo>> ListImagesAsync(CancellationToken cancellationToken)
    {
        var response = await CriCall.RunAsync("ListImages",
            o => client.ListImagesAsync(new V1.ListImagesRequest(), o), cancellationToken).ConfigureAwait(false);
        return response.Images.Select(CriMapper.FromImage).ToArray();
    }

    public async Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken cancellationToken)
    {
        var request = new V1.ImageStatusRequest { Image = new V1.ImageSpec { Image = image } };
        var response = await CriCall.RunAsync("ImageStatus", o => client.ImageStatusAsync(request, o), cancellationToken).ConfigureAwait(false);
        return response.Image is null ? null : CriMapper.FromImage(response.Image);
    }

    public async Task<string> PullImageAsync(ImagePull pull, CancellationToken cancellationToken)
    {
        var request = new V1.PullImageRequest { Image = new V1.ImageSpec { Image = pull.Image } };
        if (pull.Sandbox is { } sandbox)
        {
            request.SandboxConfig = CriMapper.ToConfig(sandbox);
        }

        var response = await CriCall.RunAsync("PullImage", o => client.PullImageAsync(request, o), cancellationToken).ConfigureAwait(false);
        return response.ImageRef;
    }

    public Task RemoveImageAsync(string image, CancellationToken cancellationToken) =>
        CriCall.RunAsync("RemoveImage",
            o => client.RemoveImageAsync(new V1.RemoveImageRequest { Image = new V1.ImageSpec { Image = image } }, o),
            cancellationToken);
}
