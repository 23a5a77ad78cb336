namespace Kubesharp.Kubelet.Cri;

internal sealed class RuntimeServiceClient(V1.RuntimeService.RuntimeServiceClient client) : IRuntimeService
{
    // The CRI version string the kubelet announces; runtimes answer with their own.
    private const string KubeletApiVersion = "v1";

    public async Task<RuntimeVersion> VersionAsync(CancellationToken cancellationToken)
    {
        var response = await CriCall.RunAsync("Version",
            o => client.VersionAsync(new V1.VersionRequest { Version = KubeletApiVersion }, o), cancellationToken).ConfigureAwait(false);
        return new RuntimeVersion(response.RuntimeName, response.RuntimeVersion, response.RuntimeApiVersion);
    }

    public async Task<string> RunPodSandboxAsync(PodSandboxSpec sandbox, CancellationToken cancellationToken)
    {
        var request = new V1.RunPodSandboxRequest { Config = CriMapper.ToConfig(sandbox) };
        var response = await CriCall.RunAsync("RunPodSandbox", o => client.RunPodSandboxAsync(request, o), cancellationToken).ConfigureAwait(false);
        return response.PodSandboxId;
    }

    public Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken) =>
        CriCall.RunAsync("StopPodSandbox",
            o => client.StopPodSandboxAsync(new V1.StopPodSandboxRequest { PodSandboxId = podSandboxId }, o), cancellationToken);

    public Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken) =>
        CriCall.RunAsync("RemovePodSandbox",
            o => client.RemovePodSandboxAsync(new V1.RemovePodSandboxRequest { PodSandboxId = podSandboxId }, o), cancellationToken);

    public async Task<PodSandboxInfo> PodSandboxStatusAsync(string podSandboxId, CancellationToken cancellationToken)
    {
        var response = await CriCall.RunAsync("PodSandboxStatus",
            o => client.PodSandboxStatusAsync(new V1.PodSandboxStatusRequest { PodSandboxId = podSandboxId }, o),
            cancellationToken).ConfigureAwait(false);
        return CriMapper.FromStatus(response.Status);
    }

    public async Task<IReadOnlyList<PodSandboxInfo>> ListPodSandboxAsync(PodSandboxFilter filter, CancellationToken cancellationToken)
    {
        var request = new V1.ListPodSandboxRequest { Filter = CriMapper.ToFilter(filter) };
        var response = await CriCall.RunAsync("ListPodSandbox", o => client.ListPodSandboxAsync(request, o), cancellationToken).ConfigureAwait(false);
        return response.Items.Select(CriMapper.FromListItem).ToArray();
    }

    public async Task<string> CreateContainerAsync(NewContainer container, CancellationToken cancellationToken)
    {
        var request = new V1.CreateContainerRequest
        {
            PodSandboxId = container.PodSandboxId,
            Config = CriMapper.ToConfig(container.Container),
            SandboxConfig = CriMapper.ToConfig(container.Sandbox),
        };
        var response = await CriCall.RunAsync("CreateContainer", o => client.CreateContainerAsync(request, o), cancellationToken).ConfigureAwait(false);
        return response.ContainerId;
    }

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) =>
        CriCall.RunAsync("StartContainer",
            o => client.StartContainerAsync(new V1.StartContainerRequest { ContainerId = containerId }, o), cancellationToken);

    public Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var request = new V1.StopContainerRequest { ContainerId = containerId, Timeout = (long)Math.Ceiling(gracePeriod.TotalSeconds) };
        return CriCall.RunAsync("StopContainer", o => client.StopContainerAsync(request, o), cancellationToken);
    }

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) =>
        CriCall.RunAsync("RemoveContainer",
            o => client.RemoveContainerAsync(new V1.RemoveContainerRequest { ContainerId = containerId }, o), cancellationToken);

    public async Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(ContainerFilter filter, CancellationToken cancellationToken)
    {
        var request = new V1.ListContainersRequest { Filter = CriMapper.ToFilter(filter) };
        var response = await CriCall.RunAsync("ListContainers", o => client.ListContainersAsync(request, o), cancellationToken).ConfigureAwait(false);
        return response.Containers.Select(CriMapper.FromListItem).ToArray();
    }

    public async Task<ContainerInfo> ContainerStatusAsync(string containerId, CancellationToken cancellationToken)
    {
        var response = await CriCall.RunAsync("ContainerStatus",
            o => client.ContainerStatusAsync(new V1.ContainerStatusRequest { ContainerId = containerId }, o),
            cancellationToken).ConfigureAwait(false);
        return CriMapper.FromStatus(response.Status);
    }

    public async Task<ExecSyncResult> ExecSyncAsync(ExecSyncCommand command, CancellationToken cancellationToken)
    {
        var request = new V1.ExecSyncRequest
        {
            ContainerId = command.ContainerId,
            Timeout = (long)Math.Ceiling(command.Timeout.TotalSeconds),
        };
        request.Cmd.Add(command.Command);
        var response = await CriCall.RunAsync("ExecSync", o => client.ExecSyncAsync(request, o), cancellationToken).ConfigureAwait(false);
        return new ExecSyncResult(response.Stdout.Memory, response.Stderr.Memory, response.ExitCode);
    }

    public async Task<IReadOnlyList<ContainerUsage>> ListContainerStatsAsync(ContainerFilter filter, CancellationToken cancellationToken)
    {
        var request = new V1.ListContainerStatsRequest { Filter = CriStatsMapper.ToFilter(filter) };
        var response = await CriCall.RunAsync("ListContainerStats", o => client.ListContainerStatsAsync(request, o), cancellationToken).ConfigureAwait(false);
        return response.Stats.Select(CriStatsMapper.FromStats).ToArray();
    }

    public async Task<ContainerUsage> ContainerStatsAsync(string containerId, CancellationToken cancellationToken)
    {
        var response = await CriCall.RunAsync("ContainerStats",
            o => client.ContainerStatsAsync(new V1.ContainerStatsRequest { ContainerId = containerId }, o),
            cancellationToken).ConfigureAwait(false);
        return CriStatsMapper.FromStats(response.Stats);
    }
}
