using System.Collections.Concurrent;
using System.Text;

using Kubesharp.Testing.Etcd;

namespace Kubesharp.Storage.Tests.Etcd;

/// <summary>
/// A 3-member cluster on loopback; the member the store uses is killed mid-flight. The killed
/// member is first in the endpoint list, and the store only leaves a member when it fails, so
/// the kill always hits the member in use.
/// </summary>
[Trait("Category", "Etcd")]
public sealed class EtcdFailoverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("leader")]
    [InlineData("follower")]
    public async Task KillMemberInUse_ReadsWritesAndWatchContinue_NoEventLostOrRepeated(string role)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = await EtcdProcess.StartAsync(3, ct);

        // The member to kill goes first in the endpoint list, so it is the one the store uses.
        var leader = await etcd.LeaderAsync(ct);
        var victim = role == "leader" ? leader : etcd.Members.First(m => m != leader);
        var endpoints = etcd.Members.OrderBy(m => m == victim ? 0 : 1).Select(m => m.ClientUrl).ToList();
        var logs = new CollectingLoggerFactory();
        await using var store = await Stores.ConnectEtcdAsync(
            new EtcdStoreOptions(endpoints) { RequestTimeout = TimeSpan.FromSeconds(2), CompactInterval = TimeSpan.Zero },
            logs,
            ct);
        var prefix = $"/failover/{Guid.NewGuid():N}/";

        // Writes before the kill, and a watch that starts at the first of them.
        var first = await store.CreateAsync(prefix + "k000", V("v0"), cancellationToken: ct);
        var written = new List<long> { first.ModRevision };
        var events = new ConcurrentQueue<WatchEvent>();
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watching = Task.Run(
            async () =>
            {
                await foreach (var e in store.WatchAsync(prefix, first.ModRevision, watchStop.Token))
                {
                    events.Enqueue(e);
                }
            },
            ct);

        for (var i = 1; i < 20; i++)
        {
            written.Add((await store.CreateAsync(prefix + $"k{i:000}", V($"v{i}"), cancellationToken: ct)).ModRevision);
        }

        await WaitForAsync(() => events.Count >= written.Count, "the watch to deliver the writes made before the kill", ct);

        // Kill the member in use while a writer keeps going, so some write is in flight.
        var writer = Task.Run(
            async () =>
            {
                var revisions = new List<long>();
                for (var i = 20; i < 60; i++)
                {
                    revisions.Add((await store.CreateAsync(prefix + $"k{i:000}", V($"v{i}"), cancellationToken: ct)).ModRevision);
                    await Task.Delay(10, ct);
                }

                return revisions;
            },
            ct);
        await Task.Delay(100, ct);
        Assert.Equal(victim.ClientUrl, ((Kubesharp.Storage.Etcd.EtcdStore)store).CurrentEndpoint);
        await victim.StopAsync();
        written.AddRange(await writer.WaitAsync(Bound, ct));
        Assert.NotEqual(victim.ClientUrl, ((Kubesharp.Storage.Etcd.EtcdStore)store).CurrentEndpoint);

        // Updates, deletes and reads after the kill go to the survivors.
        var k0 = await store.GetAsync(prefix + "k000", ct);
        Assert.NotNull(k0);
        var updated = await store.UpdateAsync(prefix + "k000", V("v0-updated"), k0.ModRevision, cancellationToken: ct);
        written.Add(updated.ModRevision);
        var deleted = await store.DeleteAsync(prefix + "k001", cancellationToken: ct);
        written.Add(deleted.Revision);
        Assert.Equal(59, await store.CountAsync(prefix, ct));
        var page = await store.ListAsync(new ListRequest(prefix, Limit: 10), ct);
        Assert.Equal(10, page.Items.Count);

        await WaitForAsync(() => events.Count >= written.Count, "the watch to deliver every write", ct);
        await Task.Delay(300, ct); // room for a duplicate to show up, if there were one
        await watchStop.CancelAsync();
        await watching.WaitAsync(Bound, ct).ContinueWith(_ => { }, TaskScheduler.Default);

        foreach (var line in logs.Lines)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        Assert.Contains(logs.Lines, l => l.Contains("Watch on", StringComparison.Ordinal) && l.Contains("resumes", StringComparison.Ordinal));
        var delivered = events.Select(e => e.Revision).ToList();
        Assert.Equal(written, delivered);
        var last = events.Last();
        Assert.Equal(WatchEventType.Deleted, last.Type);
        Assert.Equal("v1", Encoding.UTF8.GetString(last.Current.Value.Span));
        Assert.True(store.CurrentRevision >= deleted.Revision);
    }

    [Fact]
    public async Task KillWholeCluster_WatchAndWritesEndWithUnavailable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = await EtcdProcess.StartAsync(1, ct);
        await using var store = await Stores.ConnectEtcdAsync(
            new EtcdStoreOptions(etcd.ClientUrls) { RequestTimeout = TimeSpan.FromMilliseconds(500), CompactInterval = TimeSpan.Zero },
            cancellationToken: ct);
        var prefix = $"/gone/{Guid.NewGuid():N}/";
        await using var watch = store.WatchAsync(prefix, 0, ct).GetAsyncEnumerator(ct);
        var pending = watch.MoveNextAsync().AsTask();
        await Task.Delay(200, ct);

        await etcd.Members[0].StopAsync();

        var watchError = await Assert.ThrowsAsync<StoreException>(() => pending.WaitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Equal(StoreErrorCode.Unavailable, watchError.Code);
        var writeError = await Assert.ThrowsAsync<StoreException>(async () => await store.CreateAsync(prefix + "k", V("v"), cancellationToken: ct));
        Assert.Equal(StoreErrorCode.Unavailable, writeError.Code);
        Assert.Contains(etcd.Members[0].ClientUrl.Authority, writeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NoMemberListening_UnavailableNamingEndpoints()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = new Uri("http://127.0.0.1:1");
        var error = await Assert.ThrowsAsync<StoreException>(() => Stores.ConnectEtcdAsync(
            new EtcdStoreOptions([endpoint]) { RequestTimeout = TimeSpan.FromMilliseconds(500) },
            cancellationToken: ct));
        Assert.Equal(StoreErrorCode.Unavailable, error.Code);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task WaitForAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
