namespace Kubesharp.Kubelet.Images;

/// <summary>Entry point for loading image archives into containerd.</summary>
public static class ImageImport
{
    /// <summary>An importer that runs ctr against the given containerd socket, each import bounded by <paramref name="timeout"/>.</summary>
    public static IImageImporter ForContainerd(string socketPath, TimeSpan timeout, string ctrPath = "/usr/bin/ctr")
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        return new CtrImageImporter(socketPath, ctrPath, timeout);
    }
}
