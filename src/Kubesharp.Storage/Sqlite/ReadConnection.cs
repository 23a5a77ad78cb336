using Microsoft.Data.Sqlite;

namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// A read-only connection with its prepared statements. WAL lets these read while the writer
/// commits; a read transaction pins one snapshot across several statements.
/// </summary>
internal sealed class ReadConnection : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    public ReadConnection(string path)
    {
        _connection = new SqliteConnection(SqliteSchema.ConnectionString(path, readOnly: true));
        _connection.Open();
    }

    /// <summary>A prepared statement whose parameters are set by position, in the order named.</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<string> parameterNames)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            _commands.Add(sql, command);
        }

        command.Transaction = _transaction;
        return command;
    }

    /// <summary>Starts a snapshot: every statement until <see cref="EndSnapshot"/> sees the same revision.</summary>
    public void BeginSnapshot() => _transaction = _connection.BeginTransaction(deferred: true);

    public void EndSnapshot()
    {
        var transaction = _transaction;
        _transaction = null;
        if (transaction is not null)
        {
            transaction.Rollback();
            transaction.Dispose();
        }
    }

    public void Dispose()
    {
        EndSnapshot();
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _connection.Dispose();
    }
}
