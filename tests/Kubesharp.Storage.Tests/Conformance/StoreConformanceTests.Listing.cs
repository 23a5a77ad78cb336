namespace Kubesharp.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task List_Prefix_ReturnsOnlyKeysUnderIt()
    {
        await Store.CreateAsync(K("pods/a"), V("1"), cancellationToken: Ct);
        await Store.CreateAsync(K("pods/b"), V("2"), cancellationToken: Ct);
        await Store.CreateAsync(K("podsx/c"), V("3"), cancellationToken: Ct);
        await Store.CreateAsync(K("pod"), V("4"), cancellationToken: Ct);

        var page = await Store.ListAsync(new ListRequest(K("pods/")), Ct);

        Assert.Equal([K("pods/a"), K("pods/b")], page.Items.Select(kv => kv.Key).ToArray());
        Assert.Null(page.Continue);
        Assert.Equal(0, page.RemainingCount);
        Assert.True(page.Revision >= page.Items.Max(kv => kv.ModRevision));
        Assert.Equal(2, await Store.CountAsync(K("pods/"), Ct));
        Assert.Equal(4, await Store.CountAsync(Prefix, Ct));
    }

    [Fact]
    public async Task List_WithLimit_PagesCoverEveryKeyOnce()
    {
        for (var i = 0; i < 25; i++)
        {
            await Store.CreateAsync(K($"item-{i:D3}"), V($"{i}"), cancellationToken: Ct);
        }

        var first = await Store.ListAsync(new ListRequest(Prefix, 10), Ct);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(15, first.RemainingCount);
        Assert.NotNull(first.Continue);

        var all = await ListAllAsync(Prefix, pageSize: 10);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => K($"item-{i:D3}")), all.Select(kv => kv.Key));
    }

    [Fact]
    public async Task List_PagesWhileWritesHappen_AreOneConsistentSnapshot()
    {
        var original = new Dictionary<string, long>();
        for (var i = 0; i < 40; i++)
        {
            var kv = await Store.CreateAsync(K($"k{i:D2}"), V("original"), cancellationToken: Ct);
            original[kv.Key] = kv.ModRevision;
        }

        var first = await Store.ListAsync(new ListRequest(Prefix, 7), Ct);
        var seen = first.Items.ToList();
        var token = first.Continue;
        var round = 0;
        while (token is not null)
        {
            // Between pages: change keys already listed and not yet listed, delete some, add some.
            var victim = K($"k{(round * 5 + 3) % 40:D2}");
            var current = await Store.GetAsync(victim, Ct);
            if (current is not null)
            {
                await Store.UpdateAsync(victim, V("changed"), current.ModRevision, cancellationToken: Ct);
            }

            await Store.DeleteAsync(K($"k{39 - round:D2}"), cancellationToken: Ct);
            await Store.CreateAsync(K($"k{round:D2}-new"), V("new"), cancellationToken: Ct);
            round++;

            var page = await Store.ListAsync(new ListRequest(Prefix, 7, token), Ct);
            Assert.Equal(first.Revision, page.Revision);
            seen.AddRange(page.Items);
            token = page.Continue;
        }

        Assert.Equal(original.Keys.Order(StringComparer.Ordinal), seen.Select(kv => kv.Key));
        Assert.All(seen, kv => Assert.Equal("original", S(kv.Value)));
        Assert.All(seen, kv => Assert.Equal(original[kv.Key], kv.ModRevision));
    }

    [Fact]
    public async Task List_AtOlderRevision_ShowsTheStoreAsItWasThen()
    {
        var a = await Store.CreateAsync(K("a"), V("a1"), cancellationToken: Ct);
        var b = await Store.CreateAsync(K("b"), V("b1"), cancellationToken: Ct);
        await Store.UpdateAsync(K("a"), V("a2"), a.ModRevision, cancellationToken: Ct);
        await Store.DeleteAsync(K("b"), cancellationToken: Ct);
        await Store.CreateAsync(K("c"), V("c1"), cancellationToken: Ct);

        var then = await Store.ListAsync(new ListRequest(Prefix, Revision: b.ModRevision), Ct);
        var now = await Store.ListAsync(new ListRequest(Prefix), Ct);

        Assert.Equal(b.ModRevision, then.Revision);
        Assert.Equal(["a=a1", "b=b1"], then.Items.Select(kv => $"{kv.Key[Prefix.Length..]}={S(kv.Value)}").ToArray());
        Assert.Equal(["a=a2", "c=c1"], now.Items.Select(kv => $"{kv.Key[Prefix.Length..]}={S(kv.Value)}").ToArray());
    }

    [Fact]
    public async Task List_AtCompactedRevision_FailsWithCompacted()
    {
        var (old, newer) = await WriteThreeVersionsAndCompactToSecondAsync();

        var error = await Assert.ThrowsAsync<StoreException>(async () => await Store.ListAsync(new ListRequest(Prefix, Revision: old.ModRevision), Ct));
        Assert.Equal(StoreErrorCode.Compacted, error.Code);
        var atCompaction = await Store.ListAsync(new ListRequest(Prefix, Revision: newer.ModRevision), Ct);
        Assert.Equal("2", S(Assert.Single(atCompaction.Items).Value));
        Assert.Equal("3", S((await Store.GetAsync(K("a"), Ct))!.Value));
    }
}
