namespace Kubesharp.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task BadInput_IsRejectedClearlyAndChangesNothing()
    {
        var existing = await Store.CreateAsync(K("keep"), V("kept"), cancellationToken: Ct);
        var revision = Store.CurrentRevision;

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.CreateAsync("", V("x"), cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.CreateAsync("no-leading-slash", V("x"), cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.CreateAsync(null!, V("x"), cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.CreateAsync(K("null-value"), null, cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.UpdateAsync(K("keep"), ReadOnlyMemory<byte>.Empty, existing.ModRevision, cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.GetAsync("", Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.DeleteAsync("relative/key", cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.ListAsync(new ListRequest(Prefix, -1), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.ListAsync(new ListRequest(Prefix, 10, "%%%not-a-token"), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.ListAsync(new ListRequest(Prefix, 10, "AQAAAAAAAAAB"), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.ListAsync(new ListRequest("relative"), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.CountAsync("", Ct));

        Assert.Equal(revision, Store.CurrentRevision);
        var all = await ListAllAsync(Prefix);
        var only = Assert.Single(all);
        Assert.Equal("kept", S(only.Value));
        Assert.Equal(existing.ModRevision, only.ModRevision);
    }

    [Fact]
    public async Task ContinueToken_FromAnotherPrefix_IsRejected()
    {
        await Store.CreateAsync(K("a/1"), V("1"), cancellationToken: Ct);
        await Store.CreateAsync(K("a/2"), V("2"), cancellationToken: Ct);
        var page = await Store.ListAsync(new ListRequest(K("a/"), 1), Ct);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.ListAsync(new ListRequest(K("b/"), 1, page.Continue), Ct));
    }
}
