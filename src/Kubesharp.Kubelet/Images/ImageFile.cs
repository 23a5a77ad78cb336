using System.Text;

namespace Kubesharp.Kubelet.Images;

/// <summary>One entry of an image's single layer. Paths are relative to the root, without a leading slash.</summary>
public sealed record ImageFile(string Path, ImageFileKind Kind, UnixFileMode Mode)
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Regular = (UnixFileMode)0b110_100_100;

    public ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>Symlink target (relative targets resolve inside the image).</summary>
    public string LinkTarget { get; init; } = "";

    public static ImageFile Directory(string path, UnixFileMode mode = Executable) => new(path, ImageFileKind.Directory, mode);

    public static ImageFile File(string path, ReadOnlyMemory<byte> content, UnixFileMode mode = Regular) =>
        new(path, ImageFileKind.File, mode) { Content = content };

    public static ImageFile Text(string path, string content) => File(path, Encoding.UTF8.GetBytes(content));

    public static ImageFile ExecutableFile(string path, ReadOnlyMemory<byte> content) => File(path, content, Executable);

    public static ImageFile Symlink(string path, string target) =>
        new(path, ImageFileKind.Symlink, (UnixFileMode)0b111_111_111) { LinkTarget = target };
}
