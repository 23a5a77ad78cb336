namespace Kubesharp.Client.WorkQueues;

/// <summary>Decides how long an item waits before it is retried (client-go's workqueue.RateLimiter).</summary>
public interface IRateLimiter
{
    /// <summary>Records one more failure of <paramref name="item"/> and returns its delay.</summary>
    TimeSpan When(string item);

    /// <summary>Clears the item's failure history (after a success).</summary>
    void Forget(string item);

    /// <summary>How many times the item has failed since it was last forgotten.</summary>
    int NumRequeues(string item);
}
