using System.Text;
using Microsoft.Data.Sqlite;

namespace Kubesharp.Storage.Sqlite;

/// <summary>Every read of the store, each on a pooled read connection.</summary>
internal sealed class SqliteReads(ReadConnectionPool pool)
{
    public KeyValue? Get(string key, byte[] keyBytes, long nowMs)
    {
        var connection = pool.Rent();
        try
        {
            var command = connection.Command(Sql.Get, "$key", "$now");
            command.Parameters[0].Value = keyBytes;
            command.Parameters[1].Value = nowMs;
            using var reader = command.ExecuteReader();
            return reader.Read() ? new KeyValue(key, ReadValue(reader, 2), reader.GetInt64(0), reader.GetInt64(1)) : null;
        }
        finally
        {
            pool.Return(connection);
        }
    }

    public long Count(byte[] from, byte[] end)
    {
        var connection = pool.Rent();
        try
        {
            var command = connection.Command(Sql.CountLive, "$from", "$end");
            command.Parameters[0].Value = from;
            command.Parameters[1].Value = end;
            return (long)command.ExecuteScalar()!;
        }
        finally
        {
            pool.Return(connection);
        }
    }

    /// <summary>One page at <paramref name="revision"/> (0: newest), read in one snapshot.</summary>
    public ListResult List(string prefix, byte[] from, byte[] end, long limit, long revision)
    {
        var connection = pool.Rent();
        try
        {
            connection.BeginSnapshot();
            var (current, compacted) = ReadMeta(connection);
            var at = revision == 0 ? current : revision;
            if (at > current)
            {
                throw new ArgumentOutOfRangeException(nameof(revision), revision, $"The revision {revision} is in the future; the store is at {current}.");
            }

            ThrowIfCompacted(at, compacted);

            // At the newest revision the live table answers; older snapshots come from history.
            var newest = at == current;
            var items = new List<KeyValue>(limit is > 0 and <= 1000 ? (int)limit : 16);
            var command = newest
                ? connection.Command(Sql.ListLive, "$from", "$end", "$limit")
                : connection.Command(Sql.ListAt, "$from", "$end", "$limit", "$rev");
            command.Parameters[0].Value = from;
            command.Parameters[1].Value = end;
            command.Parameters[2].Value = limit > 0 ? limit : -1;
            if (!newest)
            {
                command.Parameters[3].Value = at;
            }

            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    items.Add(new KeyValue(ReadKey(reader, 0), ReadValue(reader, 3), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            long remaining = 0;
            if (limit > 0 && items.Count == limit)
            {
                var count = newest
                    ? connection.Command(Sql.CountLive, "$from", "$end")
                    : connection.Command(Sql.CountAt, "$from", "$end", "$rev");
                count.Parameters[0].Value = from;
                count.Parameters[1].Value = end;
                if (!newest)
                {
                    count.Parameters[2].Value = at;
                }

                remaining = (long)count.ExecuteScalar()! - items.Count;
            }

            var token = remaining > 0 ? new ContinueToken(at, items[^1].Key).Encode() : null;
            return new ListResult(items, at, token, remaining);
        }
        finally
        {
            pool.Return(connection);
        }
    }

    /// <summary>Events with revisions in [from, to] under the key range, oldest first, at most <paramref name="limit"/>.</summary>
    public HistoryChunk History(byte[] keyFrom, byte[] keyEnd, long from, long to, int limit)
    {
        var connection = pool.Rent();
        try
        {
            connection.BeginSnapshot();
            var (_, compacted) = ReadMeta(connection);
            ThrowIfCompacted(from, compacted);
            var command = connection.Command(Sql.History, "$from", "$to", "$keyFrom", "$keyEnd", "$limit");
            command.Parameters[0].Value = from;
            command.Parameters[1].Value = to;
            command.Parameters[2].Value = keyFrom;
            command.Parameters[3].Value = keyEnd;
            command.Parameters[4].Value = limit;
            var events = new List<WatchEvent>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    events.Add(ReadEvent(reader));
                }
            }

            var next = events.Count == limit ? events[^1].Revision + 1 : to + 1;
            return new HistoryChunk(events, next);
        }
        finally
        {
            pool.Return(connection);
        }
    }

    public List<(byte[] Key, long Revision)> Expired(long nowMs, int limit)
    {
        var connection = pool.Rent();
        try
        {
            var command = connection.Command(Sql.Expired, "$now", "$limit");
            command.Parameters[0].Value = nowMs;
            command.Parameters[1].Value = limit;
            var keys = new List<(byte[], long)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                keys.Add((reader.GetFieldValue<byte[]>(0), reader.GetInt64(1)));
            }

            return keys;
        }
        finally
        {
            pool.Return(connection);
        }
    }

    public (long Revision, long CompactRevision) Meta()
    {
        var connection = pool.Rent();
        try
        {
            return ReadMeta(connection);
        }
        finally
        {
            pool.Return(connection);
        }
    }

    public static StoreException CompactedError(long revision, long compacted) => new(
        StoreErrorCode.Compacted,
        $"The revision {revision} has been compacted; the oldest available revision is {compacted}. List again and watch from the list's revision.")
    {
        CompactRevision = compacted,
    };

    private static void ThrowIfCompacted(long revision, long compacted)
    {
        if (revision < compacted)
        {
            throw CompactedError(revision, compacted);
        }
    }

    private static (long, long) ReadMeta(ReadConnection connection)
    {
        using var reader = connection.Command(Sql.ReadMeta).ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static WatchEvent ReadEvent(SqliteDataReader reader)
    {
        var revision = reader.GetInt64(0);
        var key = ReadKey(reader, 1);
        var kind = reader.GetInt64(2);
        var createRevision = reader.GetInt64(3);
        var previousRevision = reader.GetInt64(4);
        var previous = reader.IsDBNull(6) ? null : new KeyValue(key, ReadValue(reader, 6), createRevision, previousRevision);
        return kind switch
        {
            0 => new WatchEvent(WatchEventType.Created, new KeyValue(key, ReadValue(reader, 5), createRevision, revision), null),
            1 => new WatchEvent(WatchEventType.Updated, new KeyValue(key, ReadValue(reader, 5), createRevision, revision), previous),
            _ => new WatchEvent(WatchEventType.Deleted, new KeyValue(key, previous?.Value ?? ReadOnlyMemory<byte>.Empty, createRevision, revision), previous),
        };
    }

    private static string ReadKey(SqliteDataReader reader, int ordinal) => Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(ordinal));

    private static ReadOnlyMemory<byte> ReadValue(SqliteDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? ReadOnlyMemory<byte>.Empty : reader.GetFieldValue<byte[]>(ordinal);
}
