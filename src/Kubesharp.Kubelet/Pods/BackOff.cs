namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// Upstream's per-item exponential back-off (client-go flowcontrol.Backoff): the first failure is
/// retried at once and sets the delay to the initial value; each later one doubles it up to the
/// maximum; an item quiet for twice the maximum starts over. A container that ran 10 minutes
/// (2 × 5 min) thus restarts without delay again. Not thread-safe: one pod worker owns each key.
/// </summary>
internal sealed class BackOff(TimeSpan initial, TimeSpan max, TimeProvider time)
{
    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset LastUpdate)> items = new(StringComparer.Ordinal);

    /// <summary>Container restarts: 10 s doubling to 5 min.</summary>
    public static BackOff ForContainers(TimeProvider time) => new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), time);

    /// <summary>True while <paramref name="key"/> must still wait, counting from <paramref name="since"/> (e.g. the container's finishedAt).</summary>
    public bool IsInBackOffSince(string key, DateTimeOffset since)
    {
        lock (items)
        {
            if (!items.TryGetValue(key, out var entry) || Expired(since, entry.LastUpdate))
            {
                return false;
            }

            return time.GetUtcNow() - since < entry.Delay;
        }
    }

    /// <summary>The current delay of <paramref name="key"/> (zero when none).</summary>
    public TimeSpan Delay(string key)
    {
        lock (items)
        {
            return items.TryGetValue(key, out var entry) ? entry.Delay : TimeSpan.Zero;
        }
    }

    /// <summary>Records a retry now: the delay starts at the initial value or doubles.</summary>
    public void Next(string key)
    {
        var now = time.GetUtcNow();
        lock (items)
        {
            var delay = !items.TryGetValue(key, out var entry) || Expired(now, entry.LastUpdate)
                ? initial
                : TimeSpan.FromTicks(Math.Min(max.Ticks, entry.Delay.Ticks * 2));
            items[key] = (delay, now);
        }
    }

    public void Forget(string keyPrefix)
    {
        lock (items)
        {
            foreach (var key in items.Keys.Where(k => k.StartsWith(keyPrefix, StringComparison.Ordinal)).ToList())
            {
                items.Remove(key);
            }
        }
    }

    private bool Expired(DateTimeOffset at, DateTimeOffset lastUpdate) => at - lastUpdate > 2 * max;
}
