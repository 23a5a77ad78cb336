namespace Kubesharp.Client.WorkQueues;

/// <summary>Creates rate limiters; <see cref="DefaultController"/> is upstream's controller default.</summary>
public static class RateLimiters
{
    /// <summary>Per-item 5 ms → 1000 s exponential backoff, and 10 qps / burst 100 overall; the longer wins.</summary>
    public static IRateLimiter DefaultController(TimeProvider? time = null) =>
        MaxOf(ExponentialFailure(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)), TokenBucket(10, 100, time));

    public static IRateLimiter ExponentialFailure(TimeSpan baseDelay, TimeSpan maxDelay) => new ExponentialFailureRateLimiter(baseDelay, maxDelay);

    public static IRateLimiter TokenBucket(double perSecond, int burst, TimeProvider? time = null) =>
        new TokenBucketRateLimiter(perSecond, burst, time ?? TimeProvider.System);

    public static IRateLimiter MaxOf(params IRateLimiter[] limiters) => new MaxOfRateLimiter(limiters);
}
