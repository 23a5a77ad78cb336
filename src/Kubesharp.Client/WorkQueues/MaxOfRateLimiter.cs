namespace Kubesharp.Client.WorkQueues;

/// <summary>The longest delay of several limiters; failures are counted by the first that counts them.</summary>
internal sealed class MaxOfRateLimiter(IReadOnlyList<IRateLimiter> limiters) : IRateLimiter
{
    public TimeSpan When(string item)
    {
        var delay = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var d = limiter.When(item);
            if (d > delay)
            {
                delay = d;
            }
        }

        return delay;
    }

    public void Forget(string item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(string item) => limiters.Max(l => l.NumRequeues(item));
}
