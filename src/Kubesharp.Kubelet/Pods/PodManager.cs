using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// The node's pods: an informer on pods bound here (fieldSelector spec.nodeName), one worker per pod,
/// woken by the informer, by probe changes and by the node-wide runtime relist (<see cref="RuntimeRelist"/>),
/// and the clean-up of sandboxes whose pods are not bound here any more (at start and every minute).
/// Running pods found at start are adopted: their workers see the containers running and leave them.
/// </summary>
internal sealed partial class PodManager(PodContext context)
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly TimeSpan OrphanSweep = TimeSpan.FromMinutes(1);

    public async Task RunAsync(Action ready, CancellationToken cancellationToken)
    {
        var syncer = new PodSyncer(context);
        var workers = new PodWorkers(syncer, context, cancellationToken);
        var extensions = context.Extensions.RunAsync(workers.Wake, cancellationToken);
        var relist = new RuntimeRelist(context.Runtime, context.Time, context.Log).RunAsync(context.Options.PodResyncInterval, workers.Wake, cancellationToken);
        var options = new InformerOptions(Pods) { FieldSelector = $"spec.nodeName={context.Options.NodeName}" };
        using var informer = InformerFactory.Create(context.Client, options, context.Log, context.Time);
        informer.AddHandler(new InformerHandler
        {
            OnAdd = workers.Update,
            OnUpdate = (_, pod) => workers.Update(pod),
            OnDelete = workers.Delete,
        });
        var watching = informer.RunAsync(cancellationToken);
        try
        {
            await informer.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
            await SweepOrphansAsync(informer.Store, workers, syncer.Terminator, cancellationToken).ConfigureAwait(false);
            ready();
            using var timer = new PeriodicTimer(OrphanSweep, context.Time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await SweepOrphansAsync(informer.Store, workers, syncer.Terminator, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            await workers.DrainAsync().ConfigureAwait(false);
            await extensions.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await relist.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await watching.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Kills sandboxes labelled with a pod uid that no pod bound here has (force-deleted while the kubelet was away).</summary>
    private async Task SweepOrphansAsync(IObjectStore store, PodWorkers workers, PodTerminator terminator, CancellationToken cancellationToken)
    {
        try
        {
            var known = store.List().Select(p => PodView.Str(p["metadata"]?["uid"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var sandboxes = await context.Runtime.ListPodSandboxAsync(PodSandboxFilter.All, cancellationToken).ConfigureAwait(false);
            foreach (var uid in sandboxes.Select(s => s.Labels.GetValueOrDefault(KubeletLabels.PodUid)).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (!known.Contains(uid) && !workers.Has(uid))
                {
                    LogOrphan(context.Log, uid);
                    await terminator.KillAsync(uid, null, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is CriException or ApiException or IOException)
        {
            LogSweepFailed(context.Log, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "removing the sandbox of pod uid {Uid}: no pod bound to this node has it")]
    private static partial void LogOrphan(ILogger logger, string uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "orphan sandbox sweep failed: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, string error);
}
