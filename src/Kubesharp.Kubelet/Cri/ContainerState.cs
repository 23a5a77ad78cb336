namespace Kubesharp.Kubelet.Cri;

public enum ContainerState
{
    Created,
    Running,
    Exited,
    Unknown,
}
