using System.Text;
using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// Upstream's PLEG (pod lifecycle event generator): one node-wide listing of sandboxes and containers
/// per interval (two CRI calls however many pods run), compared with the previous listing; the worker
/// of every pod whose sandboxes or containers changed state is woken. Settled pods' workers then
/// resync rarely instead of each asking the runtime every second, which on a busy node took CPU from
/// the very containerd that starts the next pods.
/// </summary>
internal sealed partial class RuntimeRelist(IRuntimeService runtime, TimeProvider time, ILogger log)
{
    private Dictionary<string, string> last = new(StringComparer.Ordinal);

    public async Task RunAsync(TimeSpan interval, Action<string> wake, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    foreach (var uid in await ChangedAsync(cancellationToken).ConfigureAwait(false))
                    {
                        wake(uid);
                    }
                }
                catch (CriException e)
                {
                    // The workers' own (slower) resync still runs; the next relist compares with the last good one.
                    LogRelistFailed(log, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One relist: the pod uids whose sandboxes or containers (ids and states) differ from the previous relist.</summary>
    internal async Task<IReadOnlyList<string>> ChangedAsync(CancellationToken cancellationToken)
    {
        var sandboxes = await runtime.ListPodSandboxAsync(PodSandboxFilter.All, cancellationToken).ConfigureAwait(false);
        var containers = await runtime.ListContainersAsync(ContainerFilter.All, cancellationToken).ConfigureAwait(false);
        var builders = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var sandbox in sandboxes.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            Append(builders, sandbox.Labels, 's', sandbox.Id, (int)sandbox.State);
        }

        foreach (var container in containers.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            Append(builders, container.Labels, 'c', container.Id, (int)container.State);
        }

        var now = builders.ToDictionary(b => b.Key, b => b.Value.ToString(), StringComparer.Ordinal);
        var changed = now.Where(p => !last.TryGetValue(p.Key, out var before) || before != p.Value).Select(p => p.Key)
            .Concat(last.Keys.Where(uid => !now.ContainsKey(uid)))
            .ToList();
        last = now;
        return changed;
    }

    private static void Append(Dictionary<string, StringBuilder> builders, IReadOnlyDictionary<string, string> labels, char kind, string id, int state)
    {
        // Sandboxes and containers the kubelet did not make (no pod uid label) are nobody's to wake.
        if (!labels.TryGetValue(KubeletLabels.PodUid, out var uid))
        {
            return;
        }

        if (!builders.TryGetValue(uid, out var builder))
        {
            builders[uid] = builder = new StringBuilder();
        }

        builder.Append(kind).Append(id).Append('=').Append(state).Append(';');
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "runtime relist failed: {Error}")]
    private static partial void LogRelistFailed(ILogger logger, string error);
}
