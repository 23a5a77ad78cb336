using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Cache;

/// <summary>
/// Informer changes handed to the scheduling loop instead of applied at once: a cycle holds the
/// cache lock while it filters thousands of nodes, and informer handlers that waited for it fell
/// seconds behind the watch under load (so new pods reached the queue late). Handlers now only
/// enqueue (pods parsed on their own thread); the loop applies the backlog under the lock before
/// each decision, so every decision still sees every change posted before it.
/// </summary>
internal sealed partial class SchedulerCache
{
    private readonly ConcurrentQueue<Action> _posted = new();

    public void PostNamespace(string name, JsonObject? ns) => _posted.Enqueue(() => ApplyNamespace(name, ns));

    public void PostNode(string name, JsonObject? node) => _posted.Enqueue(() => ApplyNode(name, node));

    public void PostPod(string key, JsonObject? pod)
    {
        var placed = Placed(key, pod);
        _posted.Enqueue(() => ApplyPod(key, placed));
    }

    /// <summary>Applies what was posted, in order; returns how many changes. Takes the lock (reentrant: callers may hold it already).</summary>
    public int ApplyPosted()
    {
        var applied = 0;
        lock (Gate)
        {
            while (_posted.TryDequeue(out var change))
            {
                change();
                applied++;
            }
        }

        return applied;
    }
}
