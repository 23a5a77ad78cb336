using System.Diagnostics.CodeAnalysis;

namespace Kubesharp.Client.WorkQueues;

/// <summary>
/// A rate-limited, deduplicating queue of keys (client-go's RateLimitingInterface). A key is held
/// at most once; a key added while it is being processed is handed out again once, after
/// <see cref="Done"/>, so one key is never processed by two workers at a time.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "Upstream's name for the concept; it is a queue.")]
public interface IWorkQueue
{
    /// <summary>Keys waiting to be handed out (not counting delayed or in-process ones).</summary>
    int Length { get; }

    bool IsShuttingDown { get; }

    void Add(string item);

    /// <summary>Adds after <paramref name="delay"/>; a key already waiting keeps the earlier of its two times.</summary>
    void AddAfter(string item, TimeSpan delay);

    /// <summary>Adds after the rate limiter's delay for this key (one more failure is counted).</summary>
    void AddRateLimited(string item);

    /// <summary>Resets the key's failure count (call after a success, or when giving up).</summary>
    void Forget(string item);

    int NumRequeues(string item);

    /// <summary>The next key, which the caller must pass to <see cref="Done"/>; null once shut down and drained.</summary>
    ValueTask<string?> GetAsync(CancellationToken cancellationToken);

    void Done(string item);

    /// <summary>Stops accepting keys; waiting callers of <see cref="GetAsync"/> get null once the queue is empty.</summary>
    void ShutDown();
}
