namespace Kubesharp.Kubelet.Cri;

/// <summary>An image to pull, optionally for a given sandbox (runtimes may use its settings).</summary>
public sealed record ImagePull(string Image)
{
    public PodSandboxSpec? Sandbox { get; init; }
}
