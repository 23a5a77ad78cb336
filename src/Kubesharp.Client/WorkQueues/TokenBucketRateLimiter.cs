namespace Kubesharp.Client.WorkQueues;

/// <summary>
/// An overall limit (upstream: 10 qps, burst 100) across all items: each call reserves a token and
/// returns how long until it is available, so a storm of failures cannot hammer the API server.
/// </summary>
internal sealed class TokenBucketRateLimiter : IRateLimiter
{
    private readonly double _perSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _last;

    public TokenBucketRateLimiter(double perSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _perSecond = perSecond;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    public TimeSpan When(string item)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _perSecond));
            _last = now;
            // Reserve the token even when it goes negative: later callers queue behind this one.
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _perSecond);
        }
    }

    public void Forget(string item)
    {
    }

    public int NumRequeues(string item) => 0;
}
