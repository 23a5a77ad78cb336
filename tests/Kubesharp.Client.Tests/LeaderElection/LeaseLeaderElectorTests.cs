using System.Text.Json.Nodes;
using Kubesharp.Client.LeaderElection;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Tests.Fakes;

namespace Kubesharp.Client.Tests.LeaderElection;

/// <summary>Real time with short durations: the algorithm's timing is what is under test.</summary>
public sealed class LeaseLeaderElectorTests : IAsyncDisposable
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly FakeApiServer _server = new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private ILeaderElector Candidate(string identity, bool release = false) => LeaderElectorFactory.Create(
        ApiClients.Create(_server),
        new LeaderElectionOptions("kube-system", "kubesharp-controller-manager", identity)
        {
            LeaseDuration = TimeSpan.FromSeconds(1),
            RenewDeadline = TimeSpan.FromMilliseconds(600),
            RetryPeriod = TimeSpan.FromMilliseconds(100),
            ReleaseOnCancel = release,
        });

    private JsonObject Lease() => _server.Find("leases", "kube-system", "kubesharp-controller-manager")!;

    private static Func<CancellationToken, Task> Lead(Action onStart, Action onStop) => async token =>
    {
        onStart();
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
            onStop();
        }
    };

    [Fact]
    public async Task RunAsync_TwoCandidates_OnlyOneLeads()
    {
        var leaders = 0;
        var maxLeaders = 0;
        void Start() => InterlockedMax(ref maxLeaders, Interlocked.Increment(ref leaders));
        void Stop() => Interlocked.Decrement(ref leaders);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var a = Candidate("a");
        var b = Candidate("b");
        var runs = new[] { a.RunAsync(Lead(Start, Stop), stop.Token), b.RunAsync(Lead(Start, Stop), stop.Token) };

        await Eventually.TrueAsync(() => a.IsLeader || b.IsLeader, "a leader");
        await Task.Delay(1500, Ct); // several lease durations of renewals
        Assert.True(a.IsLeader ^ b.IsLeader);
        Assert.Equal(1, maxLeaders);
        var winner = a.IsLeader ? "a" : "b";
        Assert.Equal(winner, Lease()["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.Equal(winner, (a.IsLeader ? b : a).ObservedLeader);
        Assert.Equal(0, Lease()["spec"]!["leaseTransitions"]!.GetValue<int>());

        await stop.CancelAsync();
        await Task.WhenAll(runs);
        Assert.Equal(0, leaders);
    }

    [Fact]
    public async Task RunAsync_LeaderDiesWithoutRelease_OtherTakesOverAfterExpiry()
    {
        using var stopA = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var a = Candidate("a");
        var runA = a.RunAsync(_ => Task.Delay(Timeout.Infinite, stopA.Token), stopA.Token);
        await Eventually.TrueAsync(() => a.IsLeader, "a leads");

        var b = Candidate("b");
        var runB = b.RunAsync(token => Task.Delay(Timeout.Infinite, token), stopB.Token);
        await Task.Delay(300, Ct);
        Assert.False(b.IsLeader);

        // "a" stops renewing (as if it crashed) and does not release.
        await stopA.CancelAsync();
        await runA;
        var stoppedAt = DateTime.UtcNow;
        await Eventually.TrueAsync(() => b.IsLeader, "b takes over");
        Assert.True(DateTime.UtcNow - stoppedAt >= TimeSpan.FromMilliseconds(500), "took over before the lease could have expired");

        var spec = Lease()["spec"]!;
        Assert.Equal("b", spec["holderIdentity"]!.GetValue<string>());
        Assert.Equal(1, spec["leaseTransitions"]!.GetValue<int>());
        Assert.NotNull(spec["acquireTime"]);
        await stopB.CancelAsync();
        await runB;
    }

    [Fact]
    public async Task RunAsync_ReleaseOnCancel_SuccessorAcquiresQuickly()
    {
        using var stopA = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var a = Candidate("a", release: true);
        var runA = a.RunAsync(token => Task.Delay(Timeout.Infinite, token), stopA.Token);
        await Eventually.TrueAsync(() => a.IsLeader, "a leads");
        var b = Candidate("b");
        var runB = b.RunAsync(token => Task.Delay(Timeout.Infinite, token), stopB.Token);
        await Task.Delay(200, Ct);

        await stopA.CancelAsync();
        await runA;
        Assert.True(Lease()["spec"]!["holderIdentity"] is null);
        await Eventually.TrueAsync(() => b.IsLeader, "b takes over", seconds: 0.9);
        await stopB.CancelAsync();
        await runB;
    }

    [Fact]
    public async Task RunAsync_LeaseTakenAway_StepsDownAndCancelsTheLeader()
    {
        var a = Candidate("a");
        var cancelled = new TaskCompletionSource();
        var run = a.RunAsync(Lead(() => { }, () => cancelled.TrySetResult()), Ct);
        await Eventually.TrueAsync(() => a.IsLeader, "a leads");

        // Someone else keeps writing a fresh lease: every renewal by "a" conflicts or finds it held.
        using var intruding = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var intruder = Task.Run(async () =>
        {
            while (!intruding.IsCancellationRequested)
            {
                var lease = Lease();
                lease["spec"]!["holderIdentity"] = "intruder";
                lease["spec"]!["renewTime"] = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                _server.Put("leases", lease);
                await Task.Delay(50, CancellationToken.None);
            }
        }, Ct);

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await run.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(a.IsLeader);
        Assert.Equal("intruder", a.ObservedLeader);
        await intruding.CancelAsync();
        await intruder;
    }

    [Fact]
    public void Create_BadTimings_Rejected() =>
        Assert.Throws<ArgumentException>(() => LeaderElectorFactory.Create(
            ApiClients.Create(_server),
            new LeaderElectionOptions("ns", "l", "me") { RenewDeadline = TimeSpan.FromSeconds(20) }));

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
