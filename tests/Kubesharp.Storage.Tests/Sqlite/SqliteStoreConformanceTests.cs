using Kubesharp.Storage.Tests.Conformance;

namespace Kubesharp.Storage.Tests.Sqlite;

/// <summary>The shared storage contract against the embedded SQLite store, one fresh file per test.</summary>
public sealed class SqliteStoreConformanceTests : StoreConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        // xunit disposes asynchronously first (closing every store), then here.
        _directory.Dispose();
    }

    protected override Task<IStore> OpenStoreAsync(int watchBufferSize) => Stores.OpenSqliteAsync(
        new SqliteStoreOptions(_directory.File("state.db")) { WatchBufferSize = watchBufferSize },
        cancellationToken: TestContext.Current.CancellationToken);
}
