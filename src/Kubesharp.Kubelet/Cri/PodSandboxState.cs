namespace Kubesharp.Kubelet.Cri;

public enum PodSandboxState
{
    Ready,
    NotReady,
}
