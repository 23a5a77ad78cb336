using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Tests.Fakes;

/// <summary>
/// An in-memory CRI runtime for logic tests: listings and stats come from the public lists, exec from
/// <see cref="Exec"/>; everything that would change containers throws.
/// </summary>
internal sealed class FakeRuntimeService : IRuntimeService
{
    public List<PodSandboxInfo> Sandboxes { get; } = [];

    public List<ContainerInfo> Containers { get; } = [];

    public List<ContainerUsage> Usages { get; } = [];

    public Func<ExecSyncCommand, ExecSyncResult> Exec { get; set; } = _ => throw new CriException("ExecSync", CriErrorKind.NotFound, "no such container", null);

    public Task<RuntimeVersion> VersionAsync(CancellationToken cancellationToken) => Task.FromResult(new RuntimeVersion("fake", "0", "v1"));

    public Task<IReadOnlyList<PodSandboxInfo>> ListPodSandboxAsync(PodSandboxFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PodSandboxInfo>>(Sandboxes.ToArray());

    public Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(ContainerFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContainerInfo>>(Containers.Where(c => filter.State is null || c.State == filter.State).ToArray());

    public Task<IReadOnlyList<ContainerUsage>> ListContainerStatsAsync(ContainerFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContainerUsage>>(Usages.ToArray());

    public Task<ContainerUsage> ContainerStatsAsync(string containerId, CancellationToken cancellationToken) =>
        Task.FromResult(Usages.Single(u => u.ContainerId == containerId));

    public Task<ExecSyncResult> ExecSyncAsync(ExecSyncCommand command, CancellationToken cancellationToken) => Task.FromResult(Exec(command));

    public Task<string> RunPodSandboxAsync(PodSandboxSpec sandbox, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PodSandboxInfo> PodSandboxStatusAsync(string podSandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> CreateContainerAsync(NewContainer container, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ContainerInfo> ContainerStatusAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
}
