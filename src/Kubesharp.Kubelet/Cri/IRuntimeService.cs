namespace Kubesharp.Kubelet.Cri;

/// <summary>
/// The CRI v1 runtime service as the kubelet uses it: pod sandboxes, their containers and exec.
/// Failures surface as <see cref="CriException"/>.
/// </summary>
public interface IRuntimeService
{
    Task<RuntimeVersion> VersionAsync(CancellationToken cancellationToken);

    /// <summary>Creates and starts a sandbox (network included); returns its id.</summary>
    Task<string> RunPodSandboxAsync(PodSandboxSpec sandbox, CancellationToken cancellationToken);

    /// <summary>Stops every process of the sandbox and releases its network; idempotent.</summary>
    Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken);

    /// <summary>Removes the sandbox and its containers; idempotent.</summary>
    Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken);

    Task<PodSandboxInfo> PodSandboxStatusAsync(string podSandboxId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PodSandboxInfo>> ListPodSandboxAsync(PodSandboxFilter filter, CancellationToken cancellationToken);

    /// <summary>Creates a container in a sandbox; returns its id.</summary>
    Task<string> CreateContainerAsync(NewContainer container, CancellationToken cancellationToken);

    Task StartContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Stops the container, killing it once <paramref name="gracePeriod"/> has passed; idempotent.</summary>
    Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken cancellationToken);

    /// <summary>Removes the container (killing it if it runs); idempotent.</summary>
    Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(ContainerFilter filter, CancellationToken cancellationToken);

    Task<ContainerInfo> ContainerStatusAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Runs a command in a running container and waits for it.</summary>
    Task<ExecSyncResult> ExecSyncAsync(ExecSyncCommand command, CancellationToken cancellationToken);

    /// <summary>Usage of the running containers matching the filter (its <c>State</c> is ignored).</summary>
    Task<IReadOnlyList<ContainerUsage>> ListContainerStatsAsync(ContainerFilter filter, CancellationToken cancellationToken);

    Task<ContainerUsage> ContainerStatsAsync(string containerId, CancellationToken cancellationToken);
}
