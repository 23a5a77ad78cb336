namespace Kubesharp.Kubelet.Cri;

/// <summary>A node path bind-mounted into a container (how every volume reaches it).</summary>
public sealed record ContainerMount(string ContainerPath, string HostPath)
{
    public MountAccess Access { get; init; } = MountAccess.ReadWrite;
}
