using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// Kills a pod as upstream's killPod: preStop hooks and StopContainer (SIGTERM, SIGKILL when the
/// grace period is over) for every running container in parallel, then the sandbox is stopped and
/// removed (with its containers), volumes torn down and the pod's directory removed.
/// </summary>
internal sealed partial class PodTerminator(PodContext context)
{
    /// <summary>Upstream's floor for a kill's grace period (a forced delete still gets SIGTERM first).</summary>
    public static readonly TimeSpan MinimumGracePeriod = TimeSpan.FromSeconds(2);

    public async Task KillAsync(string uid, JsonObject? pod, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var grace = gracePeriod < MinimumGracePeriod ? MinimumGracePeriod : gracePeriod;
        var selector = PodContext.UidSelector(uid);
        var containers = await context.Runtime.ListContainersAsync(new ContainerFilter { LabelSelector = selector }, cancellationToken).ConfigureAwait(false);
        var view = pod is null ? null : new PodView(pod);
        var addresses = new PodRuntimeAddresses(PodView.Str(view?.Status["podIP"]) is { Length: > 0 } ip ? [ip] : [], context.HostIp);
        await Task.WhenAll(containers.Where(c => c.State is ContainerState.Running or ContainerState.Created)
            .Select(c => StopOneAsync(view, c, addresses, grace, cancellationToken))).ConfigureAwait(false);

        var sandboxes = await context.Runtime.ListPodSandboxAsync(new PodSandboxFilter { LabelSelector = selector }, cancellationToken).ConfigureAwait(false);
        foreach (var sandbox in sandboxes)
        {
            await context.Runtime.StopPodSandboxAsync(sandbox.Id, cancellationToken).ConfigureAwait(false);
            await context.Runtime.RemovePodSandboxAsync(sandbox.Id, cancellationToken).ConfigureAwait(false);
        }

        // Containers of a sandbox removed earlier (never expected, but nothing may remain).
        foreach (var container in await context.Runtime.ListContainersAsync(new ContainerFilter { LabelSelector = selector }, cancellationToken).ConfigureAwait(false))
        {
            await context.Runtime.RemoveContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
        }

        await context.Extensions.PodRemovedAsync(uid, cancellationToken).ConfigureAwait(false);
        try
        {
            var directory = context.PodDirectory(uid);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException e)
        {
            LogCleanupFailed(context.Log, uid, e.Message);
        }

        LogKilled(context.Log, view is null ? uid : $"{view.Namespace}/{view.Name}", containers.Count, sandboxes.Count);
    }

    private async Task StopOneAsync(PodView? pod, ContainerInfo container, PodRuntimeAddresses addresses, TimeSpan grace, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        var spec = pod?.Containers.Concat(pod.InitContainers).FirstOrDefault(c => PodView.ContainerName(c) == container.Name);
        if (pod is not null && spec is not null && container.State == ContainerState.Running)
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(grace);
            try
            {
                await context.Extensions.BeforeStopAsync(pod.Pod, spec, container.Id, addresses, bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // preStop used the whole grace period; the kill below follows at once
            }
        }

        var remaining = grace - context.Time.GetElapsedTime(started);
        await context.Runtime.StopContainerAsync(container.Id, remaining < MinimumGracePeriod ? MinimumGracePeriod : remaining, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod} killed ({Containers} containers, {Sandboxes} sandboxes removed)")]
    private static partial void LogKilled(ILogger logger, string pod, int containers, int sandboxes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Uid}: its directory could not be removed: {Error}")]
    private static partial void LogCleanupFailed(ILogger logger, string uid, string error);
}
