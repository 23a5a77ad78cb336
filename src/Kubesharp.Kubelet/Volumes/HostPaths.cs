namespace Kubesharp.Kubelet.Volumes;

/// <summary>hostPath volumes: upstream's type checks, creating the directory or file for the *OrCreate types.</summary>
internal static class HostPaths
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0x1ED; // 0755
    private const UnixFileMode FileMode = (UnixFileMode)0x1A4; // 0644

    /// <exception cref="SourceException">The type check failed, with upstream's message.</exception>
    public static PodVolume SetUp(string volume, string path, string? type)
    {
        var kind = NodeFiles.KindOf(path);
        switch (type ?? "")
        {
            case "":
                return new PodVolume(volume, path) { IsFile = kind is not (null or FileKind.Directory) };
            case "DirectoryOrCreate" when kind is null:
                Directory.CreateDirectory(path, DirectoryMode);
                return new PodVolume(volume, path);
            case "DirectoryOrCreate" or "Directory":
                return kind == FileKind.Directory ? new PodVolume(volume, path) : throw Failed(path, "a directory");
            case "FileOrCreate" when kind is null:
                try
                {
                    using (File.Create(path))
                    {
                    }

                    File.SetUnixFileMode(path, FileMode);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new SourceException($"hostPath type check failed: {path} could not be created: {e.Message}");
                }

                return new PodVolume(volume, path) { IsFile = true };
            case "FileOrCreate" or "File":
                return Typed(volume, path, kind == FileKind.File, "a file");
            case "Socket":
                return Typed(volume, path, kind == FileKind.Socket, "a socket file");
            case "CharDevice":
                return Typed(volume, path, kind == FileKind.CharDevice, "a character device");
            case "BlockDevice":
                return Typed(volume, path, kind == FileKind.BlockDevice, "a block device");
            default:
                throw new SourceException($"{type} is an invalid volume type");
        }
    }

    private static PodVolume Typed(string volume, string path, bool matches, string what) =>
        matches ? new PodVolume(volume, path) { IsFile = true } : throw Failed(path, what);

    private static SourceException Failed(string path, string what) => new($"hostPath type check failed: {path} is not {what}");
}
