namespace Kubesharp.Kubelet.Cri;

public enum MountAccess
{
    ReadWrite,
    ReadOnly,
}
