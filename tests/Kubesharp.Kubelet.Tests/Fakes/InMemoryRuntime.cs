using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Tests.Fakes;

/// <summary>
/// A CRI runtime in memory for pod worker tests: sandboxes and containers with labels, label-filtered
/// listings, and hooks for what a real runtime does on its own (a container exiting, a start failing).
/// Every changing call is recorded in <see cref="Calls"/>.
/// </summary>
internal sealed class InMemoryRuntime(TimeProvider time) : IRuntimeService
{
    private int next;

    public List<PodSandboxInfo> Sandboxes { get; } = [];

    public List<ContainerInfo> Containers { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>Makes StartContainer fail (the container stays, exited with StartError, as containerd does).</summary>
    public string? StartFailure { get; set; }

    /// <summary>The containers created, with the spec they were created from.</summary>
    public List<NewContainer> Created { get; } = [];

    public Task<RuntimeVersion> VersionAsync(CancellationToken cancellationToken) => Task.FromResult(new RuntimeVersion("containerd", "v1.6.20", "v1"));

    public Task<string> RunPodSandboxAsync(PodSandboxSpec sandbox, CancellationToken cancellationToken)
    {
        var id = $"sb{++next}";
        Calls.Add($"RunPodSandbox {sandbox.Name} {sandbox.Attempt}");
        Sandboxes.Add(new PodSandboxInfo(id, sandbox.Name, sandbox.Namespace, sandbox.Uid, sandbox.Attempt, PodSandboxState.Ready)
        {
            Labels = sandbox.Labels,
            CreatedAt = time.GetUtcNow(),
            Ip = $"10.42.0.{next}",
        });
        return Task.FromResult(id);
    }

    public Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken)
    {
        Calls.Add($"StopPodSandbox {podSandboxId}");
        Replace(Sandboxes, s => s.Id == podSandboxId, s => s with { State = PodSandboxState.NotReady });
        Replace(Containers, c => c.PodSandboxId == podSandboxId && c.State == ContainerState.Running, c => c with { State = ContainerState.Exited, ExitCode = 137, FinishedAt = time.GetUtcNow() });
        return Task.CompletedTask;
    }

    public Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken)
    {
        Calls.Add($"RemovePodSandbox {podSandboxId}");
        Sandboxes.RemoveAll(s => s.Id == podSandboxId);
        Containers.RemoveAll(c => c.PodSandboxId == podSandboxId);
        return Task.CompletedTask;
    }

    public Task<PodSandboxInfo> PodSandboxStatusAsync(string podSandboxId, CancellationToken cancellationToken) =>
        Task.FromResult(Sandboxes.Single(s => s.Id == podSandboxId));

    public Task<IReadOnlyList<PodSandboxInfo>> ListPodSandboxAsync(PodSandboxFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PodSandboxInfo>>(Sandboxes.Where(s => Matches(s.Labels, filter.LabelSelector)).Select(s => s with { Ip = "" }).ToList());

    public Task<string> CreateContainerAsync(NewContainer container, CancellationToken cancellationToken)
    {
        var id = $"c{++next}";
        Calls.Add($"CreateContainer {container.Container.Name} {container.Container.Attempt}");
        Created.Add(container);
        Containers.Add(new ContainerInfo(id, container.PodSandboxId, container.Container.Name, container.Container.Attempt, ContainerState.Created)
        {
            Labels = container.Container.Labels,
            Image = container.Container.Image,
            ImageRef = "sha256:busybox",
            CreatedAt = time.GetUtcNow(),
        });
        return Task.FromResult(id);
    }

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        Calls.Add($"StartContainer {containerId}");
        if (StartFailure is { } failure)
        {
            Replace(Containers, c => c.Id == containerId, c => c with { State = ContainerState.Exited, ExitCode = 128, Reason = "StartError", Message = failure, FinishedAt = time.GetUtcNow() });
            throw new CriException("StartContainer", CriErrorKind.Failed, failure, null);
        }

        Replace(Containers, c => c.Id == containerId, c => c with { State = ContainerState.Running, StartedAt = time.GetUtcNow() });
        return Task.CompletedTask;
    }

    /// <summary>What a container's process exiting looks like to the kubelet.</summary>
    public void Exit(string containerName, int exitCode) =>
        Replace(Containers, c => c.Name == containerName && c.State == ContainerState.Running, c => c with { State = ContainerState.Exited, ExitCode = exitCode, FinishedAt = time.GetUtcNow() });

    public Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        Calls.Add($"StopContainer {containerId} {gracePeriod.TotalSeconds}");
        Replace(Containers, c => c.Id == containerId && c.State != ContainerState.Exited, c => c with { State = ContainerState.Exited, ExitCode = 137, FinishedAt = time.GetUtcNow() });
        return Task.CompletedTask;
    }

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        Calls.Add($"RemoveContainer {containerId}");
        Containers.RemoveAll(c => c.Id == containerId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(ContainerFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContainerInfo>>(Containers.Where(c => Matches(c.Labels, filter.LabelSelector)).ToList());

    public Task<ContainerInfo> ContainerStatusAsync(string containerId, CancellationToken cancellationToken) =>
        Containers.SingleOrDefault(c => c.Id == containerId) is { } c
            ? Task.FromResult(c)
            : throw new CriException("ContainerStatus", CriErrorKind.NotFound, "not found", null);

    public Task<ExecSyncResult> ExecSyncAsync(ExecSyncCommand command, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Uri> ExecAsync(StreamingExec exec, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Uri> AttachAsync(StreamingAttach attach, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Uri> PortForwardAsync(string podSandboxId, IReadOnlyList<int> ports, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ContainerUsage>> ListContainerStatsAsync(ContainerFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ContainerUsage> ContainerStatsAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    private static bool Matches(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> selector) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static void Replace<T>(List<T> items, Func<T, bool> match, Func<T, T> change)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (match(items[i]))
            {
                items[i] = change(items[i]);
            }
        }
    }
}
