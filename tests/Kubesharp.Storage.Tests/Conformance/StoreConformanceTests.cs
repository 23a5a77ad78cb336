using System.Text;

namespace Kubesharp.Storage.Tests.Conformance;

/// <summary>
/// The storage contract, run against every backend. Each test works under its own prefix so a
/// backend may share one server (etcd) between tests.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    private IStore? _store;

    protected IStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    /// <summary>A prefix no other test uses.</summary>
    protected string Prefix { get; } = $"/conformance/{Guid.NewGuid():N}/";

    /// <summary>Opens a store for one test; the test disposes it.</summary>
    protected abstract Task<IStore> OpenStoreAsync();

    public async ValueTask InitializeAsync() => _store = await OpenStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected string K(string name) => Prefix + name;

    protected static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    protected static string S(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    [Fact]
    public async Task Create_ThenGet_ReturnsValueAndRevisions()
    {
        var created = await Store.CreateAsync(K("a"), V("one"), cancellationToken: TestContext.Current.CancellationToken);
        var read = await Store.GetAsync(K("a"), TestContext.Current.CancellationToken);

        Assert.NotNull(read);
        Assert.Equal("one", S(read.Value));
        Assert.Equal(created.ModRevision, read.ModRevision);
        Assert.Equal(created.CreateRevision, read.CreateRevision);
        Assert.Equal(created.ModRevision, read.CreateRevision);
        Assert.True(Store.CurrentRevision >= created.ModRevision);
    }
}
