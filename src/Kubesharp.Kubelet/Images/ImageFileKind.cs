namespace Kubesharp.Kubelet.Images;

public enum ImageFileKind
{
    File,
    Directory,
    Symlink,
}
