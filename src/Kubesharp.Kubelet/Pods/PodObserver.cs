using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Pods;

/// <summary>Reads what the runtime has for one pod, asking for full statuses only when a container's state changed.</summary>
internal static class PodObserver
{
    public static async Task<PodObservation> ObserveAsync(PodContext context, PodWorker worker, CancellationToken cancellationToken)
    {
        var selector = PodContext.UidSelector(worker.Uid);
        var sandboxes = await context.Runtime.ListPodSandboxAsync(new PodSandboxFilter { LabelSelector = selector }, cancellationToken).ConfigureAwait(false);
        var newest = sandboxes.OrderByDescending(s => s.Attempt).ThenByDescending(s => s.CreatedAt).FirstOrDefault();
        PodSandboxInfo? sandbox = null;
        if (newest is not null)
        {
            if (!worker.SandboxCache.TryGetValue(newest.Id, out var known) || known.State != newest.State)
            {
                known = await context.Runtime.PodSandboxStatusAsync(newest.Id, cancellationToken).ConfigureAwait(false);
                worker.SandboxCache[newest.Id] = known;
            }

            sandbox = known;
        }
        else if (worker.ContainerCache.Count == 0)
        {
            // No sandbox, and none before: a pod new to this node has no containers to list either.
            return PodObservation.None;
        }

        var listed = await context.Runtime.ListContainersAsync(new ContainerFilter { LabelSelector = selector }, cancellationToken).ConfigureAwait(false);
        var containers = new List<ContainerInfo>(listed.Count);
        foreach (var item in listed)
        {
            if (!worker.ContainerCache.TryGetValue(item.Id, out var full) || full.State != item.State)
            {
                try
                {
                    full = await context.Runtime.ContainerStatusAsync(item.Id, cancellationToken).ConfigureAwait(false);
                }
                catch (CriException e) when (e.Kind == CriErrorKind.NotFound)
                {
                    continue; // removed since the listing
                }

                worker.ContainerCache[item.Id] = full;
            }

            containers.Add(full);
        }

        foreach (var stale in worker.ContainerCache.Keys.Except(listed.Select(c => c.Id), StringComparer.Ordinal).ToList())
        {
            worker.ContainerCache.Remove(stale);
        }

        return new PodObservation(sandbox, containers);
    }
}
