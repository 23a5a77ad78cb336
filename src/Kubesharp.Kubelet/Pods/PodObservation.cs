using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Pods;

/// <summary>What the runtime has for one pod: its newest sandbox (with status) and every container of every attempt (with status).</summary>
internal sealed record PodObservation(PodSandboxInfo? Sandbox, IReadOnlyList<ContainerInfo> Containers)
{
    public static PodObservation None { get; } = new(null, []);

    public bool SandboxReady => Sandbox is { State: PodSandboxState.Ready };

    /// <summary>The instances of one container, newest (highest attempt) first.</summary>
    public IReadOnlyList<ContainerInfo> Instances(string containerName) =>
        Containers.Where(c => c.Name == containerName).OrderByDescending(c => c.Attempt).ThenByDescending(c => c.CreatedAt).ToList();

    public ContainerInfo? Latest(string containerName) => Instances(containerName) is [var newest, ..] ? newest : null;
}
