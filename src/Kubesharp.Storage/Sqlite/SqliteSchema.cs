using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// Recognises, creates and upgrades the database file. Our files carry an application_id and a
/// schema version, so a file of another application or of a newer Kubesharp is refused before
/// anything is written to it, and a damaged file is reported instead of reset.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>"KuSh": marks a file as a Kubesharp store.</summary>
    public const int ApplicationId = 0x4B755368;

    public const int Version = 1;

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    public static string ConnectionString(string path, bool readOnly) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Opens the writer connection on a verified (or freshly initialized) store file.</summary>
    public static SqliteConnection OpenWriter(string path, out bool initialized)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        CheckHeader(path);
        var connection = new SqliteConnection(ConnectionString(path, readOnly: false));
        try
        {
            connection.Open();
            initialized = Prepare(connection, path);
            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, "PRAGMA synchronous = FULL");
            return connection;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            connection.Dispose();
            throw Corrupt(path, "is damaged or is not an SQLite database", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static StoreException Corrupt(string path, string what, Exception? inner = null) => new(
        StoreErrorCode.Corrupt,
        $"The store file '{Path.GetFullPath(path)}' {what}. Kubesharp left it unchanged: restore it from a backup, move it away to start an empty store, or point --datastore-endpoint at another file.",
        null,
        inner);

    // Reading the header ourselves keeps SQLite from ever touching a file that is not a database.
    private static void CheckHeader(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return;
        }

        Span<byte> start = stackalloc byte[16];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            if (info.Length < 100 || stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) < start.Length || !start.SequenceEqual(Header))
            {
                throw Corrupt(path, "is not an SQLite database (it is damaged or belongs to something else)");
            }
        }
    }

    private static bool Prepare(SqliteConnection connection, string path)
    {
        var applicationId = Convert.ToInt64(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
        var version = Convert.ToInt64(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        var objects = Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM sqlite_master"), CultureInfo.InvariantCulture);

        if (applicationId == 0 && version == 0 && objects == 0)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var create = connection.CreateCommand())
            {
                create.Transaction = transaction;
                create.CommandText = Sql.CreateSchema + $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {Version};";
                create.ExecuteNonQuery();
            }

            transaction.Commit();
            return true;
        }

        if (applicationId != ApplicationId)
        {
            throw Corrupt(path, $"is an SQLite database of another application (application_id 0x{applicationId:X8}, {objects} schema objects), not a Kubesharp store");
        }

        if (version > Version)
        {
            throw Corrupt(path, $"was written by a newer Kubesharp (schema version {version}; this one understands up to {Version}); run that version or a newer one");
        }

        if (version < 1)
        {
            throw Corrupt(path, $"carries the Kubesharp mark but an unknown schema version {version}");
        }

        foreach (var table in new[] { "meta", "history", "live" })
        {
            using var check = connection.CreateCommand();
            check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
            check.Parameters.AddWithValue("$name", table);
            if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) != 1)
            {
                throw Corrupt(path, $"is missing its '{table}' table");
            }
        }

        return false;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
