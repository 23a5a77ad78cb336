using Kubesharp.ApiServer.Registry;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Tests;

/// <summary>A real SQLite store in a temp directory with a registry over it; deleted on dispose.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    private readonly string _directory;

    private StoreFixture(string directory, IStore store)
    {
        _directory = directory;
        Store = store;
        Registry = new ResourceRegistry(store);
    }

    public IStore Store { get; }

    public ResourceRegistry Registry { get; }

    public static async Task<StoreFixture> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kubesharp-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var store = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(directory, "state.db")), cancellationToken: TestContext.Current.CancellationToken);
        return new StoreFixture(directory, store);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
