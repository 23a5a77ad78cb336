using Kubesharp.Client.Tests.Fakes;
using Kubesharp.Client.WorkQueues;

namespace Kubesharp.Client.Tests.WorkQueues;

public sealed class RateLimitingQueueTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new();

    private IWorkQueue Create(IRateLimiter? limiter = null) =>
        WorkQueueFactory.Create(new WorkQueueOptions(limiter ?? RateLimiters.ExponentialFailure(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)), _time));

    [Fact]
    public async Task Add_SameKeyTwice_HandedOutOnce()
    {
        var queue = Create();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        Assert.Equal(2, queue.Length);
        Assert.Equal("a", await queue.GetAsync(Ct));
        Assert.Equal("b", await queue.GetAsync(Ct));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task Add_WhileProcessing_RequeuedOnceAfterDone()
    {
        var queue = Create();
        queue.Add("a");
        var item = await queue.GetAsync(Ct);
        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Length); // not handed to a second worker while the first holds it
        queue.Done(item!);
        Assert.Equal(1, queue.Length);
        Assert.Equal("a", await queue.GetAsync(Ct));
        queue.Done("a");
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task GetAsync_Empty_WaitsForAdd()
    {
        var queue = Create();
        var pending = queue.GetAsync(Ct).AsTask();
        Assert.False(pending.IsCompleted);
        queue.Add("x");
        Assert.Equal("x", await pending.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task GetAsync_Cancelled_DoesNotSwallowLaterItems()
    {
        var queue = Create();
        using var cts = new CancellationTokenSource();
        var pending = queue.GetAsync(cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        queue.Add("x");
        Assert.Equal("x", await queue.GetAsync(Ct));
    }

    [Fact]
    public async Task ShutDown_WakesWaitersWithNullAndDrainsFirst()
    {
        var queue = Create();
        var waiting = queue.GetAsync(Ct).AsTask();
        queue.ShutDown();
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        queue.Add("late");
        Assert.Null(await queue.GetAsync(Ct));

        var other = Create();
        other.Add("a");
        other.ShutDown();
        Assert.Equal("a", await other.GetAsync(Ct));
        Assert.Null(await other.GetAsync(Ct));
    }

    [Fact]
    public async Task AddRateLimited_WaitsExponentialBackoffOnTheClock()
    {
        var queue = Create();
        queue.AddRateLimited("a"); // 5 ms
        Assert.Equal(0, queue.Length);
        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Length);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Length);
        queue.Done((await queue.GetAsync(Ct))!);

        queue.AddRateLimited("a"); // 10 ms
        _time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(0, queue.Length);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Length);
        queue.Done((await queue.GetAsync(Ct))!);

        queue.AddRateLimited("a"); // 20 ms
        _time.Advance(TimeSpan.FromMilliseconds(19));
        Assert.Equal(0, queue.Length);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Length);
        Assert.Equal(3, queue.NumRequeues("a"));

        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
    }

    [Fact]
    public void AddAfter_SameKey_KeepsTheEarlierTime()
    {
        var queue = Create();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Length);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, queue.Length); // the stale 10 s and 30 s entries add nothing more
    }

    [Fact]
    public async Task AddAfter_DueKeysArriveInDueOrder()
    {
        var queue = Create();
        queue.AddAfter("c", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.AddAfter("b", TimeSpan.FromSeconds(2));
        queue.AddAfter("now", TimeSpan.Zero);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("now", await queue.GetAsync(Ct));
        Assert.Equal("a", await queue.GetAsync(Ct));
        Assert.Equal("b", await queue.GetAsync(Ct));
        Assert.Equal("c", await queue.GetAsync(Ct));
    }

    [Fact]
    public void AddAfter_KeyAlreadyQueued_StillDeduplicated()
    {
        var queue = Create();
        queue.Add("a");
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
    }

    [Fact]
    public async Task ConcurrentWorkers_NeverHoldTheSameKeyTwiceAndLoseNothing()
    {
        var queue = WorkQueueFactory.Create(new WorkQueueOptions(RateLimiters.ExponentialFailure(TimeSpan.Zero, TimeSpan.Zero)));
        var holding = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var processed = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var violations = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await queue.GetAsync(stop.Token) is { } key)
            {
                if (!holding.TryAdd(key, 0))
                {
                    Interlocked.Increment(ref violations);
                }

                await Task.Yield();
                processed.AddOrUpdate(key, 1, (_, n) => n + 1);
                holding.TryRemove(key, out _);
                queue.Done(key);
            }
        }, Ct)).ToArray();

        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                queue.Add("k" + (i % 50));
            }
        }, Ct)).ToArray();
        await Task.WhenAll(producers);

        // Every key added after its last processing started must be processed again; wait for the queue to drain.
        for (var i = 0; i < 500 && (queue.Length > 0 || !holding.IsEmpty); i++)
        {
            await Task.Delay(10, Ct);
        }

        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(0, violations);
        Assert.Equal(50, processed.Count);
    }
}
