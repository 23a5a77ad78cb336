namespace Kubesharp.Client.WorkQueues;

/// <summary>Per-item backoff: base · 2^failures, capped (upstream: 5 ms doubling up to 1000 s).</summary>
internal sealed class ExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public TimeSpan When(string item)
    {
        int exponent;
        lock (_lock)
        {
            _failures.TryGetValue(item, out exponent);
            _failures[item] = exponent + 1;
        }

        // Past 2^62 the double overflows long ticks; the cap has long been reached by then anyway.
        var ticks = baseDelay.Ticks * Math.Pow(2, Math.Min(exponent, 62));
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(string item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(string item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}
