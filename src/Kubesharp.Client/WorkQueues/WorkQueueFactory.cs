namespace Kubesharp.Client.WorkQueues;

/// <summary>Creates work queues.</summary>
public static class WorkQueueFactory
{
    public static IWorkQueue Create(WorkQueueOptions? options = null)
    {
        var time = options?.Time ?? TimeProvider.System;
        return new RateLimitingQueue(options?.RateLimiter ?? RateLimiters.DefaultController(time), time);
    }
}
