using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Client.Events;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Env;
using Kubesharp.Kubelet.Probes;
using Kubesharp.Kubelet.Volumes;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// The node's real extensions: volumes (<see cref="IPodVolumes"/>), environment
/// (<see cref="IContainerEnvironment"/>), hooks (<see cref="ILifecycleHooks"/>) and probes
/// (<see cref="IProbeManager"/>), with upstream's events (FailedMount, FailedPostStartHook,
/// FailedPreStopHook, Unhealthy, Killing) and liveness kills.
/// </summary>
internal sealed partial class NodePodExtensions(
    IPodVolumes volumes,
    IContainerEnvironment environment,
    ILifecycleHooks hooks,
    IProbeManager probes,
    IRuntimeService runtime,
    IEventRecorder events,
    ILogger log,
    TimeProvider time) : IPodExtensions
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, PodVolumeSet> volumeSets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> pods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> probed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> refreshed = new(StringComparer.Ordinal);

    public async Task RunAsync(Action<string> wakePod, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in probes.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await HandleAsync(change, cancellationToken).ConfigureAwait(false);
                wakePod(change.Container.PodUid);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    public async Task PreparePodAsync(JsonObject pod, CancellationToken cancellationToken) =>
        await VolumesOfAsync(pod, cancellationToken).ConfigureAwait(false);

    public async Task ResyncPodAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        var view = new PodView(pod);
        pods[view.Uid] = pod;
        var now = time.GetUtcNow();
        if (refreshed.TryGetValue(view.Uid, out var last) && now - last < RefreshInterval)
        {
            return;
        }

        refreshed[view.Uid] = now;
        try
        {
            await volumes.RefreshAsync(pod, cancellationToken).ConfigureAwait(false);
        }
        catch (PodVolumeException e)
        {
            events.Record(PodContext.Reference(view), EventType.Warning, PodVolumeException.EventReason, e.Message);
        }
    }

    public async Task<ContainerSetup> SetUpContainerAsync(JsonObject pod, JsonObject container, PodRuntimeAddresses addresses, CancellationToken cancellationToken)
    {
        var set = await VolumesOfAsync(pod, cancellationToken).ConfigureAwait(false);
        try
        {
            var env = await environment.ResolveAsync(pod, container, new PodAddresses(addresses.PodIps, addresses.HostIp), cancellationToken).ConfigureAwait(false);
            return new ContainerSetup(env, volumes.MountsFor(container, set, env));
        }
        catch (ContainerConfigException e)
        {
            throw new PodSetupException("CreateContainerConfigError", e.Message);
        }
    }

    public async Task<bool> ContainerStartedAsync(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses, CancellationToken cancellationToken)
    {
        var view = new PodView(pod);
        var target = ProbeTarget.For(containerId, addresses.PodIp, container);
        if (container["lifecycle"]?["postStart"] is JsonObject handler)
        {
            var result = await hooks.RunAsync(Ref(view, container), handler, target, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                events.Record(PodContext.Reference(view), EventType.Warning, "FailedPostStartHook", result.Message);
                return false;
            }
        }

        ContainerRunning(pod, container, containerId, addresses);
        return true;
    }

    public void ContainerRunning(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses)
    {
        var view = new PodView(pod);
        pods[view.Uid] = pod;
        var reference = Ref(view, container);
        var key = reference.ToString() + "/" + view.Uid;
        if (probed.TryGetValue(key, out var current) && current == containerId)
        {
            return;
        }

        probed[key] = containerId;
        if (view.InitContainers.Any(c => PodView.ContainerName(c) == reference.ContainerName))
        {
            return; // init containers run to completion unprobed
        }

        probes.Start(reference, container, ProbeTarget.For(containerId, addresses.PodIp, container));
    }

    public async Task BeforeStopAsync(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses, CancellationToken cancellationToken)
    {
        var view = new PodView(pod);
        var reference = Ref(view, container);
        probes.Stop(reference);
        if (container["lifecycle"]?["preStop"] is JsonObject handler)
        {
            var result = await hooks.RunAsync(reference, handler, ProbeTarget.For(containerId, addresses.PodIp, container), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                events.Record(PodContext.Reference(view), EventType.Warning, "FailedPreStopHook", result.Message);
            }
        }
    }

    public bool IsReady(string podUid, string containerName) => RefOf(podUid, containerName) is { } r && probes.IsReady(r);

    public bool IsStarted(string podUid, string containerName) => RefOf(podUid, containerName) is { } r && probes.IsStarted(r);

    public async Task PodRemovedAsync(string podUid, CancellationToken cancellationToken)
    {
        probes.StopPod(podUid);
        foreach (var key in probed.Keys.Where(k => k.EndsWith("/" + podUid, StringComparison.Ordinal)).ToList())
        {
            probed.TryRemove(key, out _);
        }

        pods.TryRemove(podUid, out _);
        refreshed.TryRemove(podUid, out _);
        volumeSets.TryRemove(podUid, out _);
        await volumes.TearDownAsync(podUid, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PodVolumeSet> VolumesOfAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        var uid = new PodView(pod).Uid;
        if (volumeSets.TryGetValue(uid, out var set))
        {
            return set;
        }

        try
        {
            set = await volumes.SetUpAsync(pod, cancellationToken).ConfigureAwait(false);
        }
        catch (PodVolumeException e)
        {
            throw new PodSetupException(PodVolumeException.EventReason, e.Message);
        }

        volumeSets[uid] = set;
        return set;
    }

    private Task HandleAsync(ProbeEvent change, CancellationToken cancellationToken)
    {
        if (!pods.TryGetValue(change.Container.PodUid, out var pod))
        {
            return Task.CompletedTask;
        }

        var view = new PodView(pod);
        switch (change.Kind)
        {
            case ProbeEventKind.Failed or ProbeEventKind.Errored:
                events.Record(PodContext.Reference(view), EventType.Warning, "Unhealthy", change.EventMessage);
                break;
            case ProbeEventKind.RestartRequired:
                events.Record(PodContext.Reference(view), EventType.Normal, "Killing", change.EventMessage);
                LogKilling(log, change.Container, change.Probe);
                // The kill waits out the grace period; other containers' probe changes must not wait behind it.
                _ = KillAsync(change.ContainerId, view.GracePeriod, cancellationToken);
                break;
        }

        return Task.CompletedTask;
    }

    private async Task KillAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.StopContainerAsync(containerId, grace, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CriException or OperationCanceledException)
        {
            LogKillFailed(log, containerId, e.Message);
        }
    }

    private PodContainerRef? RefOf(string uid, string container) =>
        pods.TryGetValue(uid, out var pod) ? new PodContainerRef(uid, new PodView(pod).Namespace, new PodView(pod).Name, container) : null;

    private static PodContainerRef Ref(PodView pod, JsonObject container) => new(pod.Uid, pod.Namespace, pod.Name, PodView.ContainerName(container));

    [LoggerMessage(Level = LogLevel.Warning, Message = "killing container {Id} after a failed probe did not work: {Error}")]
    private static partial void LogKillFailed(ILogger logger, string id, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container} failed its {Probe} probe; killing it for a restart")]
    private static partial void LogKilling(ILogger logger, PodContainerRef container, ProbeType probe);
}
