using Kubesharp.Storage.Etcd;
using Kubesharp.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Storage;

/// <summary>Opens a store by backend, or by a <c>--datastore-endpoint</c> string.</summary>
public static class Stores
{
    /// <summary>Opens (creating when missing) the embedded SQLite store.</summary>
    public static async Task<IStore> OpenSqliteAsync(SqliteStoreOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return await SqliteStore.OpenAsync(options, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteStore>(), cancellationToken);
    }

    /// <summary>Connects to a real etcd v3 cluster.</summary>
    public static async Task<IStore> ConnectEtcdAsync(EtcdStoreOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return await EtcdStore.ConnectAsync(options, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EtcdStore>(), cancellationToken);
    }

    /// <summary>
    /// Opens the store a <c>--datastore-endpoint</c> names: empty for the embedded store under
    /// <paramref name="dataDirectory"/>, <c>sqlite:///path/state.db</c> for another SQLite file,
    /// <c>etcd://host:port[,host:port…]</c> or <c>http://host:port[,http://host:port…]</c> for etcd.
    /// </summary>
    public static Task<IStore> OpenAsync(string? datastoreEndpoint, string dataDirectory, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var endpoint = DatastoreEndpoint.Parse(datastoreEndpoint, dataDirectory);
        return endpoint.Etcd is { } etcd
            ? ConnectEtcdAsync(etcd, loggerFactory, cancellationToken)
            : OpenSqliteAsync(endpoint.Sqlite!, loggerFactory, cancellationToken);
    }
}
