namespace Kubesharp.Kubelet.Cri;

/// <summary>What a pod sandbox is made from: the pod's identity plus its node-level settings.</summary>
/// <param name="Name">Pod name.</param>
/// <param name="Namespace">Pod namespace.</param>
/// <param name="Uid">Pod uid; with <see cref="Attempt"/> it makes the sandbox unique.</param>
public sealed record PodSandboxSpec(string Name, string Namespace, string Uid)
{
    /// <summary>Incremented each time the kubelet recreates the sandbox of the same pod.</summary>
    public uint Attempt { get; init; }

    /// <summary>Hostname inside the pod; the runtime picks one when empty.</summary>
    public string Hostname { get; init; } = "";

    /// <summary>Directory (on the node) under which container log paths are relative.</summary>
    public string LogDirectory { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];

    /// <summary>The pod's cgroup parent (cgroupfs path); the runtime's default when empty.</summary>
    public string CgroupParent { get; init; } = "";

    /// <summary>Whether the pod gets its own network (CNI) or shares the node's.</summary>
    public PodNetworkMode Network { get; init; } = PodNetworkMode.Pod;

    /// <summary>resolv.conf for the pod; the node's own when null.</summary>
    public PodDnsConfig? Dns { get; init; }
}
