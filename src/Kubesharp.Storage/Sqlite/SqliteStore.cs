using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Sqlite;

// Placeholder until the SQLite backend lands.
internal sealed class SqliteStore
{
    public static Task<IStore> OpenAsync(SqliteStoreOptions options, ILogger<SqliteStore> logger, CancellationToken cancellationToken)
        => throw new NotSupportedException("The SQLite backend is not built yet.");
}
