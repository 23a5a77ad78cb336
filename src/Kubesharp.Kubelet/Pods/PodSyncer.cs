using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Events;
using Kubesharp.Client.Rest;
using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// One level-based sync of one pod (upstream's SyncPod): compare the pod's spec with what the
/// runtime has, take the next steps (sandbox, init containers in order, containers, restarts with
/// back-off), then write the status if it changed. Pods being deleted or gone are killed instead.
/// </summary>
internal sealed partial class PodSyncer
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private readonly PodContext context;
    private readonly BackOff crashBackOff;
    private readonly ImageManager images;
    private readonly ContainerStarter starter;
    private readonly PodTerminator terminator;

    public PodSyncer(PodContext context)
    {
        this.context = context;
        crashBackOff = BackOff.ForContainers(context.Time);
        images = new ImageManager(context.Images, context.Options, context.Events, context.Time);
        starter = new ContainerStarter(context, images, crashBackOff);
        terminator = new PodTerminator(context);
    }

    public PodTerminator Terminator => terminator;

    /// <summary>Returns true when the worker is done (the pod is gone and nothing of it remains).</summary>
    public async Task<bool> SyncAsync(PodWorker worker, CancellationToken cancellationToken)
    {
        var pod = worker.Pod;
        if (worker.Gone || pod is null)
        {
            var last = worker.LastKnown is null ? null : new PodView(worker.LastKnown);
            await terminator.KillAsync(worker.Uid, worker.LastKnown, last?.GracePeriod ?? TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            Forget(worker.Uid);
            return true;
        }

        var view = new PodView(pod);
        if (view.IsDeleting)
        {
            await terminator.KillAsync(worker.Uid, pod, view.GracePeriod, cancellationToken).ConfigureAwait(false);
            Forget(worker.Uid);
            try
            {
                await context.Client.DeleteAsync(Pods, view.Namespace, view.Name, new DeleteRequest { GracePeriodSeconds = 0, PreconditionUid = view.Uid }, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.IsNotFound || e.Code == 409)
            {
                // gone already, or a new pod of the same name: not ours to delete
            }

            return true;
        }

        var basis = PodStatusWriter.Basis(worker, pod);
        var observed = await PodObserver.ObserveAsync(context, worker, cancellationToken).ConfigureAwait(false);
        if (!basis.IsTerminal && !WouldBeTerminal(basis, observed, worker))
        {
            observed = await AdvanceAsync(worker, basis, observed, cancellationToken).ConfigureAwait(false);
        }

        var status = PodStatusBuilder.Build(basis, observed, Inputs(worker));
        if (PodView.Str(status["phase"]) is "Succeeded" or "Failed" && observed.SandboxReady)
        {
            // A finished pod keeps its containers (logs) but gives its address back, as upstream.
            await context.Runtime.StopPodSandboxAsync(observed.Sandbox!.Id, cancellationToken).ConfigureAwait(false);
        }

        await PodStatusWriter.WriteAsync(context, worker, pod, status, cancellationToken).ConfigureAwait(false);
        worker.Settled = worker.Waiting.Count == 0 && observed.SandboxReady && PodView.Str(status["phase"]) == "Running"
            && basis.Containers.All(c => observed.Latest(PodView.ContainerName(c)) is { State: ContainerState.Running });
        return false;
    }

    private bool WouldBeTerminal(PodView pod, PodObservation observed, PodWorker worker) =>
        PodView.Str(PodStatusBuilder.Build(pod, observed, Inputs(worker))["phase"]) is "Succeeded" or "Failed";

    /// <summary>Takes the next steps towards the spec; returns the runtime's view afterwards.</summary>
    private async Task<PodObservation> AdvanceAsync(PodWorker worker, PodView pod, PodObservation observed, CancellationToken cancellationToken)
    {
        var changed = false;
        if (!observed.SandboxReady)
        {
            if (await CreateSandboxAsync(worker, pod, observed, cancellationToken).ConfigureAwait(false) is not { } created)
            {
                return observed;
            }

            // Only the new sandbox's status is news: the containers listed a moment ago are still all there are.
            var fresh = await context.Runtime.PodSandboxStatusAsync(created, cancellationToken).ConfigureAwait(false);
            worker.SandboxCache[created] = fresh;
            observed = observed with { Sandbox = fresh };
            if (!observed.SandboxReady)
            {
                return observed;
            }
        }

        var sandbox = observed.Sandbox!;
        var addresses = new PodRuntimeAddresses(sandbox.Ip.Length > 0 ? [sandbox.Ip, .. sandbox.AdditionalIps] : pod.HostNetwork ? [context.HostIp] : [], context.HostIp);
        await context.Extensions.ResyncPodAsync(pod.Pod, cancellationToken).ConfigureAwait(false);
        var initDone = true;
        foreach (var init in pod.InitContainers)
        {
            var latest = observed.Latest(PodView.ContainerName(init));
            if (latest is { State: ContainerState.Exited, ExitCode: 0 })
            {
                continue;
            }

            initDone = false;
            if (latest is { State: ContainerState.Running } || (latest is { State: ContainerState.Exited } && pod.RestartPolicy == "Never"))
            {
                break;
            }

            changed |= await StepAsync(worker, pod, init, latest, sandbox, addresses, cancellationToken).ConfigureAwait(false);
            break;
        }

        if (initDone)
        {
            foreach (var container in pod.Containers)
            {
                var name = PodView.ContainerName(container);
                var latest = observed.Latest(name);
                if (latest is { State: ContainerState.Running })
                {
                    worker.Waiting.Remove(name);
                    context.Extensions.ContainerRunning(pod.Pod, container, latest.Id, addresses);
                    continue;
                }

                if (latest is { State: ContainerState.Exited } && !ShouldRestart(pod.RestartPolicy, latest.ExitCode))
                {
                    worker.Waiting.Remove(name);
                    continue;
                }

                changed |= await StepAsync(worker, pod, container, latest, sandbox, addresses, cancellationToken).ConfigureAwait(false);
            }
        }

        return changed ? await PodObserver.ObserveAsync(context, worker, cancellationToken).ConfigureAwait(false) : observed;
    }

    /// <summary>Starts (or restarts, after its back-off) one container that does not run; true if the runtime changed.</summary>
    private async Task<bool> StepAsync(PodWorker worker, PodView pod, JsonObject container, ContainerInfo? latest, PodSandboxInfo sandbox, PodRuntimeAddresses addresses, CancellationToken cancellationToken)
    {
        var name = PodView.ContainerName(container);
        uint attempt = 0;
        if (latest is { State: ContainerState.Exited })
        {
            var key = ContainerStarter.BackOffKey(pod.Uid, name);
            var finished = latest.FinishedAt ?? latest.CreatedAt;
            if (crashBackOff.IsInBackOffSince(key, finished))
            {
                var delay = crashBackOff.Delay(key);
                var message = $"back-off {Format(delay)} restarting failed container={name} pod={pod.Name}_{pod.Namespace}({pod.Uid})";
                if (worker.Waiting.TryGetValue(name, out var current) is false || current.Reason != "CrashLoopBackOff")
                {
                    context.Events.Record(PodContext.Reference(pod), EventType.Warning, "BackOff", $"Back-off restarting failed container {name} in pod {pod.Name}_{pod.Namespace}({pod.Uid})");
                }

                worker.Waiting[name] = new WaitingReason("CrashLoopBackOff", message);
                return false;
            }

            crashBackOff.Next(key);
            attempt = latest.Attempt + 1;
            await PruneAsync(pod, name, attempt, cancellationToken).ConfigureAwait(false);
        }
        else if (latest is not null)
        {
            // Created but never started (e.g. the kubelet stopped in between): start over with the same attempt.
            attempt = latest.Attempt;
            await context.Runtime.RemoveContainerAsync(latest.Id, cancellationToken).ConfigureAwait(false);
        }

        await starter.StartAsync(worker, pod, container, attempt, sandbox, addresses, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Keeps the newest dead instance (for lastState and --previous logs) and removes older ones, as upstream's container GC.</summary>
    private async Task PruneAsync(PodView pod, string name, uint nextAttempt, CancellationToken cancellationToken)
    {
        var selector = PodContext.UidSelector(pod.Uid);
        selector[KubeletLabels.ContainerName] = name;
        foreach (var old in await context.Runtime.ListContainersAsync(new ContainerFilter { LabelSelector = selector }, cancellationToken).ConfigureAwait(false))
        {
            if (old.Attempt + 1 < nextAttempt && old.State == ContainerState.Exited)
            {
                await context.Runtime.RemoveContainerAsync(old.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sets up the volumes (once) and runs a new sandbox; returns its id, or null when a step failed (event recorded).</summary>
    private async Task<string?> CreateSandboxAsync(PodWorker worker, PodView pod, PodObservation observed, CancellationToken cancellationToken)
    {
        var involved = PodContext.Reference(pod);
        if (!worker.VolumesPrepared)
        {
            try
            {
                await context.Extensions.PreparePodAsync(pod.Pod, cancellationToken).ConfigureAwait(false);
                worker.VolumesPrepared = true;
            }
            catch (PodSetupException e)
            {
                context.Events.Record(involved, EventType.Warning, e.Reason, e.Message);
                return null;
            }
        }

        var attempt = observed.Sandbox is { } dead ? dead.Attempt + 1 : 0;
        if (observed.Sandbox is not null)
        {
            context.Events.Record(involved, EventType.Normal, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
            await context.Runtime.StopPodSandboxAsync(observed.Sandbox.Id, cancellationToken).ConfigureAwait(false);
        }

        var spec = SandboxSpecs.Build(pod, context.Options, context.LogDirectory(pod.Uid), attempt);
        Directory.CreateDirectory(spec.LogDirectory);
        try
        {
            return await context.Runtime.RunPodSandboxAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (CriException e)
        {
            context.Events.Record(involved, EventType.Warning, "FailedCreatePodSandBox", $"Failed to create pod sandbox: {e.Detail}");
            LogSandboxFailed(context.Log, pod.Namespace, pod.Name, e.Detail);
            return null;
        }
    }

    private StatusInputs Inputs(PodWorker worker) => new(
        context.HostIp,
        context.RuntimeName,
        worker.Waiting,
        name => context.Extensions.IsReady(worker.Uid, name),
        name => context.Extensions.IsStarted(worker.Uid, name),
        context.Time.GetUtcNow());

    private void Forget(string uid)
    {
        crashBackOff.Forget(uid + "/");
        images.Forget(uid);
    }

    /// <summary>Upstream's restart rule for a regular container that exited.</summary>
    internal static bool ShouldRestart(string restartPolicy, int exitCode) => restartPolicy switch
    {
        "Always" => true,
        "OnFailure" => exitCode != 0,
        _ => false,
    };

    /// <summary>Go's duration format for whole durations, as upstream's messages show them: 10s, 1m20s, 5m0s.</summary>
    internal static string Format(TimeSpan delay) => delay.TotalMinutes >= 1
        ? $"{(int)delay.TotalMinutes}m{delay.Seconds}s"
        : $"{(int)delay.TotalSeconds}s";

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Namespace}/{Pod}: sandbox creation failed: {Error}")]
    private static partial void LogSandboxFailed(ILogger logger, string @namespace, string pod, string error);
}
