using System.Text;

namespace Kubesharp.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Create_ThenGet_ReturnsValueAndRevisions()
    {
        var created = await Store.CreateAsync(K("a"), V("one"), cancellationToken: Ct);
        var read = await Store.GetAsync(K("a"), Ct);

        Assert.NotNull(read);
        Assert.Equal("one", S(read.Value));
        Assert.Equal(K("a"), read.Key);
        Assert.Equal(created.ModRevision, read.ModRevision);
        Assert.Equal(created.ModRevision, read.CreateRevision);
        Assert.True(Store.CurrentRevision >= created.ModRevision);
    }

    [Fact]
    public async Task Get_MissingKey_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(K("missing"), Ct));
    }

    [Fact]
    public async Task Writes_EveryWrite_TakesAStrictlyGreaterRevision()
    {
        var revisions = new List<long> { Store.CurrentRevision };
        var a = await Store.CreateAsync(K("a"), V("1"), cancellationToken: Ct);
        revisions.Add(a.ModRevision);
        var b = await Store.CreateAsync(K("b"), V("1"), cancellationToken: Ct);
        revisions.Add(b.ModRevision);
        var a2 = await Store.UpdateAsync(K("a"), V("2"), a.ModRevision, cancellationToken: Ct);
        revisions.Add(a2.ModRevision);
        var deleted = await Store.DeleteAsync(K("b"), cancellationToken: Ct);
        revisions.Add(deleted.Revision);
        var b2 = await Store.CreateAsync(K("b"), V("again"), cancellationToken: Ct);
        revisions.Add(b2.ModRevision);

        for (var i = 1; i < revisions.Count; i++)
        {
            Assert.True(revisions[i] > revisions[i - 1], $"revision {revisions[i]} does not follow {revisions[i - 1]}");
        }

        Assert.Equal(a.CreateRevision, a2.CreateRevision);
        Assert.Equal(b2.ModRevision, b2.CreateRevision);
        Assert.True(Store.CurrentRevision >= b2.ModRevision);
    }

    [Fact]
    public async Task Create_ExistingKey_FailsWithKeyExistsAndKeepsValue()
    {
        var first = await Store.CreateAsync(K("a"), V("first"), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<StoreException>(async () => await Store.CreateAsync(K("a"), V("second"), cancellationToken: Ct));

        Assert.Equal(StoreErrorCode.KeyExists, error.Code);
        var read = await Store.GetAsync(K("a"), Ct);
        Assert.Equal("first", S(read!.Value));
        Assert.Equal(first.ModRevision, read.ModRevision);
    }

    [Fact]
    public async Task Update_StaleModRevision_FailsWithConflictAndKeepsValue()
    {
        var created = await Store.CreateAsync(K("a"), V("v1"), cancellationToken: Ct);
        var updated = await Store.UpdateAsync(K("a"), V("v2"), created.ModRevision, cancellationToken: Ct);
        var before = Store.CurrentRevision;

        var error = await Assert.ThrowsAsync<StoreException>(async () => await Store.UpdateAsync(K("a"), V("v3"), created.ModRevision, cancellationToken: Ct));

        Assert.Equal(StoreErrorCode.Conflict, error.Code);
        Assert.True(updated.ModRevision > created.ModRevision);
        var read = await Store.GetAsync(K("a"), Ct);
        Assert.Equal("v2", S(read!.Value));
        Assert.Equal(updated.ModRevision, read.ModRevision);
        Assert.Equal(before, Store.CurrentRevision);
    }

    [Fact]
    public async Task Update_MissingKey_FailsWithKeyNotFound()
    {
        var error = await Assert.ThrowsAsync<StoreException>(async () => await Store.UpdateAsync(K("nope"), V("x"), 1, cancellationToken: Ct));

        Assert.Equal(StoreErrorCode.KeyNotFound, error.Code);
        Assert.Null(await Store.GetAsync(K("nope"), Ct));
    }

    [Fact]
    public async Task Delete_WithPrecondition_DeletesOnlyWhenRevisionMatches()
    {
        var created = await Store.CreateAsync(K("a"), V("v1"), cancellationToken: Ct);
        var updated = await Store.UpdateAsync(K("a"), V("v2"), created.ModRevision, cancellationToken: Ct);

        var stale = await Assert.ThrowsAsync<StoreException>(async () => await Store.DeleteAsync(K("a"), created.ModRevision, Ct));
        Assert.Equal(StoreErrorCode.Conflict, stale.Code);
        Assert.NotNull(await Store.GetAsync(K("a"), Ct));

        var deleted = await Store.DeleteAsync(K("a"), updated.ModRevision, Ct);

        Assert.Equal("v2", S(deleted.Previous.Value));
        Assert.True(deleted.Revision > updated.ModRevision);
        Assert.Null(await Store.GetAsync(K("a"), Ct));
        var missing = await Assert.ThrowsAsync<StoreException>(async () => await Store.DeleteAsync(K("a"), cancellationToken: Ct));
        Assert.Equal(StoreErrorCode.KeyNotFound, missing.Code);
    }

    [Fact]
    public async Task Update_64ConcurrentIncrementers_LoseNoUpdate()
    {
        const int writers = 64;
        const int incrementsEach = 5;
        await Store.CreateAsync(K("counter"), V("0"), cancellationToken: Ct);

        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var done = 0; done < incrementsEach;)
            {
                var current = await Store.GetAsync(K("counter"), Ct);
                var next = long.Parse(S(current!.Value), System.Globalization.CultureInfo.InvariantCulture) + 1;
                try
                {
                    await Store.UpdateAsync(K("counter"), V(next.ToString(System.Globalization.CultureInfo.InvariantCulture)), current.ModRevision, cancellationToken: Ct);
                    done++;
                }
                catch (StoreException e) when (e.Code == StoreErrorCode.Conflict)
                {
                    // Someone else won this round: read again and retry, as GuaranteedUpdate does.
                }
            }
        }, Ct));
        await Task.WhenAll(tasks);

        var final = await Store.GetAsync(K("counter"), Ct);
        Assert.Equal((writers * incrementsEach).ToString(System.Globalization.CultureInfo.InvariantCulture), S(final!.Value));
    }

    [Fact]
    public async Task Create_OnePointFiveMiBValue_RoundTripsExactly()
    {
        var value = new byte[1536 * 1024];
        new Random(42).NextBytes(value);

        await Store.CreateAsync(K("big"), value, cancellationToken: Ct);
        var read = await Store.GetAsync(K("big"), Ct);

        Assert.True(value.AsSpan().SequenceEqual(read!.Value.Span));
    }

    [Fact]
    public async Task Keys_WithUnicodeAndSlashes_AreKeptApartAndOrdered()
    {
        string[] names = ["ä/ö/ü", "日本/語", "a/b/c/d", "a/b", "emoji-😀", "a b", "a%2Fb"];
        foreach (var name in names)
        {
            await Store.CreateAsync(K(name), V(name), cancellationToken: Ct);
        }

        foreach (var name in names)
        {
            Assert.Equal(name, S((await Store.GetAsync(K(name), Ct))!.Value));
        }

        var listed = await ListAllAsync(Prefix);
        var expected = names.Select(K).OrderBy(k => Encoding.UTF8.GetBytes(k), ByteOrder.Instance).ToList();
        Assert.Equal(expected, listed.Select(kv => kv.Key).ToList());
        Assert.Equal(["a/b", "a/b/c/d"], (await ListAllAsync(K("a/"))).Select(kv => kv.Key[Prefix.Length..]).ToArray());
    }

    [Fact]
    public async Task Create_WithTtl_ExpiresAndEmitsDeleted()
    {
        await using var watch = Store.WatchAsync(Prefix, 0, Ct).GetAsyncEnumerator(Ct);
        var created = await Store.CreateAsync(K("lease"), V("short-lived"), TimeSpan.FromSeconds(2), Ct);
        await Store.CreateAsync(K("forever"), V("stays"), cancellationToken: Ct);

        var events = await TakeAsync(watch, 3);

        Assert.Equal(WatchEventType.Created, events[0].Type);
        Assert.Equal(WatchEventType.Deleted, events[2].Type);
        Assert.Equal(K("lease"), events[2].Current.Key);
        Assert.True(events[2].Revision > created.ModRevision);
        Assert.Null(await Store.GetAsync(K("lease"), Ct));
        Assert.NotNull(await Store.GetAsync(K("forever"), Ct));
    }

    [Fact]
    public async Task Writes_CallerReusesItsBuffer_StoredReturnedAndWatchedValuesUnchanged()
    {
        await using var watch = Store.WatchAsync(Prefix, 0, Ct).GetAsyncEnumerator(Ct);
        var buffer = V("first");
        var created = await Store.CreateAsync(K("a"), buffer, cancellationToken: Ct);
        V("XXXXX").CopyTo(buffer, 0);
        var second = V("second");
        var updated = await Store.UpdateAsync(K("a"), second, created.ModRevision, cancellationToken: Ct);
        V("YYYYYY").CopyTo(second, 0);

        var events = await TakeAsync(watch, 2);

        Assert.Equal("first", S(created.Value));
        Assert.Equal("second", S(updated.Value));
        Assert.Equal("first", S(events[0].Current.Value));
        Assert.Equal("second", S(events[1].Current.Value));
        Assert.Equal("second", S((await Store.GetAsync(K("a"), Ct))!.Value));
    }

    [Fact]
    public async Task Create_AlreadyCancelled_ThrowsOperationCanceledAndWritesNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.CreateAsync(K("a"), V("never"), cancellationToken: cancelled.Token));
        // A later write on the same store has been applied after anything queued before it.
        await Store.CreateAsync(K("b"), V("after"), cancellationToken: Ct);

        Assert.Null(await Store.GetAsync(K("a"), Ct));
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
