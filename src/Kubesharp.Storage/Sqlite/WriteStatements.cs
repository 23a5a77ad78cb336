using Microsoft.Data.Sqlite;

namespace Kubesharp.Storage.Sqlite;

/// <summary>The writer's prepared statements, created once and reused for every row.</summary>
internal sealed class WriteStatements : IDisposable
{
    private readonly SqliteCommand _readMeta;
    private readonly SqliteCommand _setRevision;
    private readonly SqliteCommand _setCompactRevision;
    private readonly SqliteCommand _selectLive;
    private readonly SqliteCommand _insertHistory;
    private readonly SqliteCommand _upsertLive;
    private readonly SqliteCommand _deleteLive;
    private readonly SqliteCommand _compactChunkEnd;
    private readonly SqliteCommand _compactChunk;
    private readonly SqliteCommand[] _all;

    public WriteStatements(SqliteConnection connection)
    {
        _readMeta = Create(connection, Sql.ReadMeta);
        _setRevision = Create(connection, Sql.SetRevision, "$value");
        _setCompactRevision = Create(connection, Sql.SetCompactRevision, "$value");
        _selectLive = Create(connection, Sql.SelectLiveForWrite, "$key");
        _insertHistory = Create(connection, Sql.InsertHistory, "$rev", "$key", "$kind", "$create", "$prev", "$value");
        _upsertLive = Create(connection, Sql.UpsertLive, "$key", "$rev", "$create", "$expires");
        _deleteLive = Create(connection, Sql.DeleteLive, "$key");
        _compactChunkEnd = Create(connection, Sql.CompactChunkEnd, "$from", "$target", "$limit");
        _compactChunk = Create(connection, Sql.CompactChunk, "$from", "$to", "$target");
        _all = [_readMeta, _setRevision, _setCompactRevision, _selectLive, _insertHistory, _upsertLive, _deleteLive, _compactChunkEnd, _compactChunk];
    }

    public void Use(SqliteTransaction? transaction)
    {
        foreach (var command in _all)
        {
            command.Transaction = transaction;
        }
    }

    public (long Revision, long CompactRevision) ReadMeta()
    {
        using var reader = _readMeta.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public void SetRevision(long revision)
    {
        _setRevision.Parameters[0].Value = revision;
        _setRevision.ExecuteNonQuery();
    }

    public void SetCompactRevision(long revision)
    {
        _setCompactRevision.Parameters[0].Value = revision;
        _setCompactRevision.ExecuteNonQuery();
    }

    public KeyValue? SelectLive(byte[] keyBytes, string key)
    {
        _selectLive.Parameters[0].Value = keyBytes;
        using var reader = _selectLive.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var value = reader.IsDBNull(2) ? [] : reader.GetFieldValue<byte[]>(2);
        return new KeyValue(key, value, reader.GetInt64(1), reader.GetInt64(0));
    }

    public void InsertHistory(long revision, byte[] key, int kind, long createRevision, long previousRevision, byte[]? value)
    {
        var parameters = _insertHistory.Parameters;
        parameters[0].Value = revision;
        parameters[1].Value = key;
        parameters[2].Value = kind;
        parameters[3].Value = createRevision;
        parameters[4].Value = previousRevision;
        parameters[5].Value = (object?)value ?? DBNull.Value;
        _insertHistory.ExecuteNonQuery();
    }

    public void UpsertLive(byte[] key, long revision, long createRevision, long? expiresAtMs)
    {
        var parameters = _upsertLive.Parameters;
        parameters[0].Value = key;
        parameters[1].Value = revision;
        parameters[2].Value = createRevision;
        parameters[3].Value = expiresAtMs is { } expires ? expires : DBNull.Value;
        _upsertLive.ExecuteNonQuery();
    }

    public void DeleteLive(byte[] key)
    {
        _deleteLive.Parameters[0].Value = key;
        _deleteLive.ExecuteNonQuery();
    }

    public long? CompactChunkEnd(long from, long target, int limit)
    {
        _compactChunkEnd.Parameters[0].Value = from;
        _compactChunkEnd.Parameters[1].Value = target;
        _compactChunkEnd.Parameters[2].Value = limit;
        return _compactChunkEnd.ExecuteScalar() is long end ? end : null;
    }

    public void CompactChunk(long from, long to, long target)
    {
        _compactChunk.Parameters[0].Value = from;
        _compactChunk.Parameters[1].Value = to;
        _compactChunk.Parameters[2].Value = target;
        _compactChunk.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _all)
        {
            command.Dispose();
        }
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params ReadOnlySpan<string> parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
