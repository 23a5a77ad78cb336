using System.Text;

using Kubesharp.Testing.Etcd;

namespace Kubesharp.Storage.Tests.Etcd;

/// <summary>
/// Writes whose response is lost after etcd received them: resent to another endpoint, they
/// must neither apply twice nor report a false KeyExists / Conflict / KeyNotFound.
/// </summary>
[Trait("Category", "Etcd")]
public sealed class EtcdLostResponseTests : IClassFixture<EtcdFixture>
{
    private readonly EtcdFixture _fixture;
    private readonly string _prefix = $"/lost/{Guid.NewGuid():N}/";

    public EtcdLostResponseTests(EtcdFixture fixture) => _fixture = fixture;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_ResponseLost_SucceedsOnceWithTheRealRevision()
    {
        using var logs = new CollectingLoggerFactory();
        await using var proxy = new DroppingProxy(_fixture.Etcd.ClientUrls[0]);
        await using var store = await ConnectAsync(proxy, _fixture.Etcd, logs);

        proxy.DropNextResponse();
        var created = await store.CreateAsync(_prefix + "a", V("mine"), cancellationToken: Ct);

        ShowLog(logs);
        Assert.Equal(1, proxy.Dropped);
        Assert.Contains(logs.Lines, l => l.Contains("resolved from history as created", StringComparison.Ordinal));
        var read = await store.GetAsync(_prefix + "a", Ct);
        Assert.NotNull(read);
        Assert.Equal(read.CreateRevision, created.CreateRevision);
        Assert.Equal(read.ModRevision, created.ModRevision);
    }

    [Fact]
    public async Task UpdateAndDelete_ResponseLost_SucceedOnce()
    {
        using var logs = new CollectingLoggerFactory();
        await using var proxy = new DroppingProxy(_fixture.Etcd.ClientUrls[0]);
        await using var store = await ConnectAsync(proxy, _fixture.Etcd, logs);
        var created = await store.CreateAsync(_prefix + "b", V("1"), cancellationToken: Ct);

        proxy.DropNextResponse();
        var updated = await store.UpdateAsync(_prefix + "b", V("2"), created.ModRevision, cancellationToken: Ct);
        var read = await store.GetAsync(_prefix + "b", Ct);
        Assert.NotNull(read);
        Assert.Equal(updated.ModRevision, read.ModRevision);
        Assert.Equal(created.CreateRevision, updated.CreateRevision);

        // The store now uses the direct endpoint; send it back through the proxy for the delete.
        await using var again = await ConnectAsync(proxy, _fixture.Etcd, logs);
        proxy.DropNextResponse();
        var deleted = await again.DeleteAsync(_prefix + "b", updated.ModRevision, Ct);
        Assert.Equal("2", Encoding.UTF8.GetString(deleted.Previous.Value.Span));
        Assert.Equal(deleted.Revision, deleted.Previous.ModRevision);
        Assert.Null(await again.GetAsync(_prefix + "b", Ct));
        ShowLog(logs);
        Assert.Equal(2, proxy.Dropped);
        Assert.Contains(logs.Lines, l => l.Contains("resolved from history as updated", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("resolved from history as deleted", StringComparison.Ordinal));
    }

    private static Task<IStore> ConnectAsync(DroppingProxy proxy, EtcdProcess etcd, CollectingLoggerFactory logs)
        => Stores.ConnectEtcdAsync(
            new EtcdStoreOptions([proxy.Url, .. etcd.ClientUrls]) { RequestTimeout = TimeSpan.FromSeconds(2), CompactInterval = TimeSpan.Zero },
            logs,
            Ct);

    private static void ShowLog(CollectingLoggerFactory logs)
    {
        foreach (var line in logs.Lines)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }
    }

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);
}
