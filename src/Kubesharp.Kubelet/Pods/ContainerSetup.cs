using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Pods;

/// <summary>What a container gets from the pod's volumes and environment, resolved right before it is created.</summary>
public sealed record ContainerSetup(IReadOnlyList<KeyValuePair<string, string>> Environment, IReadOnlyList<ContainerMount> Mounts)
{
    public static ContainerSetup Empty { get; } = new([], []);
}
