using System.Text;

namespace Kubesharp.Storage.Tests.Etcd;

/// <summary>etcd-specific behaviour beyond the shared conformance suite.</summary>
[Trait("Category", "Etcd")]
public sealed class EtcdStoreTests : IClassFixture<EtcdFixture>
{
    private readonly EtcdFixture _fixture;
    private readonly string _prefix = $"/etcd-store/{Guid.NewGuid():N}/";

    public EtcdStoreTests(EtcdFixture fixture) => _fixture = fixture;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_FromZeroAfterOwnRevisionWasCompacted_StartsFromNow()
    {
        await using var idle = await ConnectAsync();
        await using var busy = await ConnectAsync();
        KeyValue? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await busy.CreateAsync(_prefix + $"old-{i}", V("x"), cancellationToken: Ct);
        }

        await busy.CompactAsync(last!.ModRevision, Ct);

        await using var watch = idle.WatchAsync(_prefix, 0, Ct).GetAsyncEnumerator(Ct);
        var pending = watch.MoveNextAsync().AsTask();
        await Task.Delay(300, Ct);
        var created = await idle.CreateAsync(_prefix + "new", V("y"), cancellationToken: Ct);

        Assert.True(await pending.WaitAsync(TimeSpan.FromSeconds(20), Ct));
        Assert.Equal(created.ModRevision, watch.Current.Revision);
        Assert.Equal(WatchEventType.Created, watch.Current.Type);
    }

    [Fact]
    public async Task Update_WithoutTtl_MakesALeasedKeyPermanent()
    {
        await using var store = await ConnectAsync();
        var created = await store.CreateAsync(_prefix + "leased", V("1"), TimeSpan.FromSeconds(1), Ct);
        await store.UpdateAsync(_prefix + "leased", V("2"), created.ModRevision, ttl: null, Ct);

        // etcd's shortest lease is 2 s with default election settings; wait past it.
        await Task.Delay(TimeSpan.FromSeconds(3.5), Ct);

        var read = await store.GetAsync(_prefix + "leased", Ct);
        Assert.NotNull(read);
        Assert.Equal("2", Encoding.UTF8.GetString(read.Value.Span));
    }

    [Fact]
    public async Task List_CompactedRevision_ReportsCompactRevision()
    {
        await using var store = await ConnectAsync();
        var first = await store.CreateAsync(_prefix + "a", V("1"), cancellationToken: Ct);
        var second = await store.UpdateAsync(_prefix + "a", V("2"), first.ModRevision, cancellationToken: Ct);
        await store.CompactAsync(second.ModRevision, Ct);

        var error = await Assert.ThrowsAsync<StoreException>(async () => await store.ListAsync(new ListRequest(_prefix, Revision: first.ModRevision), Ct));
        Assert.Equal(StoreErrorCode.Compacted, error.Code);
        Assert.True(error.CompactRevision >= second.ModRevision, $"compact revision {error.CompactRevision}");
    }

    [Fact]
    public async Task BackgroundCompactor_CompactsHistoryOlderThanKeepDuration()
    {
        await using var store = await Stores.ConnectEtcdAsync(
            new EtcdStoreOptions(_fixture.Etcd.ClientUrls) { CompactInterval = TimeSpan.FromMilliseconds(200), CompactKeepDuration = TimeSpan.Zero },
            cancellationToken: Ct);
        var first = await store.CreateAsync(_prefix + "c", V("1"), cancellationToken: Ct);
        await store.UpdateAsync(_prefix + "c", V("2"), first.ModRevision, cancellationToken: Ct);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                await store.ListAsync(new ListRequest(_prefix, Revision: first.ModRevision), Ct);
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.Compacted)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The background compactor did not compact within 20 s.");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task Update_MissingKeyExpectingRevisionZero_FailsWithKeyNotFound()
    {
        await using var store = await ConnectAsync();

        var error = await Assert.ThrowsAsync<StoreException>(async () => await store.UpdateAsync(_prefix + "missing", V("x"), 0, cancellationToken: Ct));

        Assert.Equal(StoreErrorCode.KeyNotFound, error.Code);
        Assert.Null(await store.GetAsync(_prefix + "missing", Ct));
    }

    private Task<IStore> ConnectAsync()
        => Stores.ConnectEtcdAsync(new EtcdStoreOptions(_fixture.Etcd.ClientUrls) { CompactInterval = TimeSpan.Zero }, cancellationToken: Ct);

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);
}
