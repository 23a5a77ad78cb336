namespace Kubesharp.Kubelet.Volumes;

/// <summary>What a node path is, as hostPath's type checks need it.</summary>
internal enum FileKind
{
    Directory,
    File,
    Socket,
    CharDevice,
    BlockDevice,
    Symlink,
    Other,
}
