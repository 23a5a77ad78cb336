namespace Kubesharp.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Watch_FromRevision_ReplaysHistoryThenStreamsLiveInOrderWithPrevious()
    {
        var a = await Store.CreateAsync(K("a"), V("a1"), cancellationToken: Ct);
        var a2 = await Store.UpdateAsync(K("a"), V("a2"), a.ModRevision, cancellationToken: Ct);
        await Store.CreateAsync(K("b"), V("b1"), cancellationToken: Ct);

        await using var watch = Store.WatchAsync(Prefix, a.ModRevision, Ct).GetAsyncEnumerator(Ct);
        var replayed = await TakeAsync(watch, 3);

        await Store.DeleteAsync(K("a"), a2.ModRevision, Ct);
        await Store.CreateAsync(K("c"), V("c1"), cancellationToken: Ct);
        var live = await TakeAsync(watch, 2);

        var events = replayed.Concat(live).ToList();
        Assert.Equal(
            ["Created a a1 -", "Updated a a2 a1", "Created b b1 -", "Deleted a a2 a2", "Created c c1 -"],
            events.Select(e => $"{e.Type} {e.Current.Key[Prefix.Length..]} {S(e.Current.Value)} {(e.Previous is null ? "-" : S(e.Previous.Value))}").ToArray());
        Assert.Equal(a.ModRevision, events[0].Revision);
        Assert.Equal(a2.ModRevision, events[1].Revision);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].Revision > events[i - 1].Revision);
        }

        Assert.Equal(a2.ModRevision, events[3].Previous!.ModRevision);
    }

    [Fact]
    public async Task Watch_FromZero_SeesOnlyNewEventsUnderItsPrefix()
    {
        await Store.CreateAsync(K("w/old"), V("before"), cancellationToken: Ct);
        await using var watch = Store.WatchAsync(K("w/"), 0, Ct).GetAsyncEnumerator(Ct);
        await Task.Delay(200, Ct); // let the watch register before the writes it must see

        await Store.CreateAsync(K("wx/other-prefix"), V("no"), cancellationToken: Ct);
        var created = await Store.CreateAsync(K("w/new"), V("after"), cancellationToken: Ct);

        var events = await TakeAsync(watch, 1);
        Assert.Equal(K("w/new"), events[0].Current.Key);
        Assert.Equal(created.ModRevision, events[0].Revision);
        await AssertQuietAsync(watch, TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Watch_ManyWritesDuringReplay_HasNoGapsOrDuplicates()
    {
        var first = await Store.CreateAsync(K("n-0000"), V("0"), cancellationToken: Ct);
        var writer = Task.Run(async () =>
        {
            for (var i = 1; i < 300; i++)
            {
                await Store.CreateAsync(K($"n-{i:D4}"), V($"{i}"), cancellationToken: Ct);
            }
        }, Ct);
        await Task.Delay(20, Ct);

        await using var watch = Store.WatchAsync(Prefix, first.ModRevision, Ct).GetAsyncEnumerator(Ct);
        var events = await TakeAsync(watch, 300);
        await writer;

        Assert.Equal(Enumerable.Range(0, 300).Select(i => K($"n-{i:D4}")), events.Select(e => e.Current.Key));
        Assert.Equal(events.Count, events.Select(e => e.Revision).Distinct().Count());
    }

    [Fact]
    public async Task Watch_FromCompactedRevision_FailsWithCompacted()
    {
        var (old, newer) = await WriteThreeVersionsAndCompactToSecondAsync();

        var error = await Assert.ThrowsAsync<StoreException>(async () =>
        {
            await foreach (var _ in Store.WatchAsync(Prefix, old.ModRevision, Ct))
            {
            }
        });

        Assert.Equal(StoreErrorCode.Compacted, error.Code);
        Assert.True(error.CompactRevision >= newer.ModRevision - 1, $"compact revision {error.CompactRevision}");
    }

    [Fact]
    public async Task Watch_SlowConsumer_IsCutOffWhileWritersContinue()
    {
        const int bufferSize = 16;
        var small = await OpenAnotherStoreAsync(bufferSize);
        await using var slow = small.WatchAsync(Prefix, 0, Ct).GetAsyncEnumerator(Ct);
        var firstMove = slow.MoveNextAsync(); // starts the watch; nothing reads after this
        await Task.Delay(200, Ct);

        using var writeDeadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        writeDeadline.CancelAfter(TimeSpan.FromSeconds(60));
        const int writes = 400;
        await Parallel.ForAsync(0, writes, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = writeDeadline.Token }, async (i, token) =>
            await small.CreateAsync(K($"flood-{i:D4}"), V("x"), cancellationToken: token));
        Assert.Equal(writes, await Store.CountAsync(Prefix, Ct));

        var delivered = 0;
        var error = await Assert.ThrowsAsync<StoreException>(async () =>
        {
            if (await firstMove)
            {
                delivered++;
                while (await slow.MoveNextAsync())
                {
                    delivered++;
                }
            }
        });

        Assert.Equal(StoreErrorCode.WatcherTooSlow, error.Code);
        Assert.True(delivered < writes, $"the slow watcher got all {delivered} events");
    }
}
