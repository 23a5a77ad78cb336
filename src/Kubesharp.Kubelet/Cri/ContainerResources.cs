namespace Kubesharp.Kubelet.Cri;

/// <summary>Linux cgroup settings of a container, as the kubelet derives them from requests and limits; 0 = unset.</summary>
public sealed record ContainerResources
{
    public long CpuPeriod { get; init; }

    public long CpuQuota { get; init; }

    public long CpuShares { get; init; }

    public long MemoryLimitBytes { get; init; }

    /// <summary>The kubelet's QoS value; containerd clamps it on machines without CAP_SYS_RESOURCE.</summary>
    public long OomScoreAdj { get; init; }
}
