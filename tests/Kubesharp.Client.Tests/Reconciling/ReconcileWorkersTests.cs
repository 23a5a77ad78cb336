using System.Collections.Concurrent;
using Kubesharp.Client.Reconciling;
using Kubesharp.Client.Tests.Fakes;
using Kubesharp.Client.WorkQueues;

namespace Kubesharp.Client.Tests.Reconciling;

public sealed class ReconcileWorkersTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private sealed class ScriptedReconciler(Func<string, int, Task> body) : IReconciler
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();

        public Task ReconcileAsync(string key, CancellationToken cancellationToken) => body(key, Calls.AddOrUpdate(key, 1, (_, n) => n + 1));
    }

    private static IWorkQueue FastQueue() =>
        WorkQueueFactory.Create(new WorkQueueOptions(RateLimiters.ExponentialFailure(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10))));

    [Fact]
    public async Task RunAsync_Failure_RequeuedWithBackoffUntilSuccessThenForgotten()
    {
        var queue = FastQueue();
        var reconciler = new ScriptedReconciler((_, attempt) => attempt < 3 ? throw new InvalidOperationException("not yet") : Task.CompletedTask);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = ReconcileWorkers.RunAsync(queue, reconciler, new ReconcileWorkerOptions("test", Workers: 2), null, stop.Token);
        queue.Add("ns/a");
        await Eventually.TrueAsync(() => reconciler.Calls.GetValueOrDefault("ns/a") == 3, "three attempts");
        await Eventually.TrueAsync(() => queue.NumRequeues("ns/a") == 0, "forgotten after success");
        await stop.CancelAsync();
        await run;
        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task RunAsync_TerminalError_NotRetried()
    {
        var queue = FastQueue();
        var reconciler = new ScriptedReconciler((_, _) => throw new TerminalReconcileException("bad spec"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = ReconcileWorkers.RunAsync(queue, reconciler, new ReconcileWorkerOptions("test"), null, stop.Token);
        queue.Add("k");
        await Eventually.TrueAsync(() => reconciler.Calls.ContainsKey("k"), "one attempt");
        await Task.Delay(100, Ct);
        Assert.Equal(1, reconciler.Calls["k"]);
        Assert.Equal(0, queue.NumRequeues("k"));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_MaxRetries_DropsAndReports()
    {
        var queue = FastQueue();
        var dropped = new TaskCompletionSource<string>();
        var reconciler = new ScriptedReconciler((_, _) => throw new InvalidOperationException("always"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var options = new ReconcileWorkerOptions("test", MaxRetries: 3) { OnDropped = (key, _) => dropped.TrySetResult(key) };
        var run = ReconcileWorkers.RunAsync(queue, reconciler, options, null, stop.Token);
        queue.Add("k");
        Assert.Equal("k", await dropped.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(4, reconciler.Calls["k"]); // the first try and three retries
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_ManyWorkers_SameKeyNeverConcurrent()
    {
        var queue = FastQueue();
        var active = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var reconciler = new ScriptedReconciler(async (key, _) =>
        {
            if (!active.TryAdd(key, 0))
            {
                Interlocked.Increment(ref overlaps);
            }

            await Task.Delay(2, Ct);
            active.TryRemove(key, out _);
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = ReconcileWorkers.RunAsync(queue, reconciler, new ReconcileWorkerOptions("test", Workers: 4), null, stop.Token);
        for (var i = 0; i < 200; i++)
        {
            queue.Add("k" + (i % 5));
            await Task.Yield();
        }

        await Eventually.TrueAsync(() => queue.Length == 0 && active.IsEmpty, "drained");
        await stop.CancelAsync();
        await run;
        Assert.Equal(0, overlaps);
        Assert.Equal(5, reconciler.Calls.Count);
    }
}
