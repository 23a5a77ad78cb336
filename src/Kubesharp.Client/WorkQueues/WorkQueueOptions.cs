namespace Kubesharp.Client.WorkQueues;

/// <summary>Options of a work queue.</summary>
/// <param name="RateLimiter">Null means <see cref="RateLimiters.DefaultController"/>.</param>
/// <param name="Time">The clock for delays; tests pass a fake one.</param>
public sealed record WorkQueueOptions(IRateLimiter? RateLimiter = null, TimeProvider? Time = null);
