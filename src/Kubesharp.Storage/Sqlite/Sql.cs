namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// Every statement the store runs. Keys are UTF-8 BLOBs so that comparisons are plain memcmp
/// (ordinal byte order) and prefix ranges are index range scans, never LIKE.
/// history holds one row per revision (a deletion row has a NULL value: the deleted value is
/// the row prev_rev points to, so big values are stored once); live maps each existing key to
/// its newest history row, which makes reads at the newest revision one index lookup.
/// </summary>
internal static class Sql
{
    public const string CreateSchema = """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO meta (name, value) VALUES ('revision', 0), ('compact_revision', 0);
        CREATE TABLE history (
            rev INTEGER PRIMARY KEY,
            key BLOB NOT NULL,
            kind INTEGER NOT NULL,
            create_rev INTEGER NOT NULL,
            prev_rev INTEGER NOT NULL,
            value BLOB);
        CREATE INDEX history_key_rev ON history (key, rev);
        CREATE TABLE live (
            key BLOB PRIMARY KEY,
            rev INTEGER NOT NULL,
            create_rev INTEGER NOT NULL,
            expires_at INTEGER) WITHOUT ROWID;
        CREATE INDEX live_expires ON live (expires_at) WHERE expires_at IS NOT NULL;
        """;

    public const string ReadMeta = "SELECT (SELECT value FROM meta WHERE name = 'revision'), (SELECT value FROM meta WHERE name = 'compact_revision')";

    public const string SetRevision = "UPDATE meta SET value = $value WHERE name = 'revision'";

    public const string SetCompactRevision = "UPDATE meta SET value = $value WHERE name = 'compact_revision'";

    public const string SelectLiveForWrite = "SELECT l.rev, l.create_rev, h.value FROM live l JOIN history h ON h.rev = l.rev WHERE l.key = $key";

    public const string InsertHistory = "INSERT INTO history (rev, key, kind, create_rev, prev_rev, value) VALUES ($rev, $key, $kind, $create, $prev, $value)";

    public const string UpsertLive = """
        INSERT INTO live (key, rev, create_rev, expires_at) VALUES ($key, $rev, $create, $expires)
        ON CONFLICT (key) DO UPDATE SET rev = excluded.rev, create_rev = excluded.create_rev, expires_at = excluded.expires_at
        """;

    public const string DeleteLive = "DELETE FROM live WHERE key = $key";

    public const string Get = """
        SELECT l.create_rev, l.rev, h.value FROM live l JOIN history h ON h.rev = l.rev
        WHERE l.key = $key AND (l.expires_at IS NULL OR l.expires_at > $now)
        """;

    public const string ListLive = """
        SELECT l.key, l.create_rev, l.rev, h.value FROM live l JOIN history h ON h.rev = l.rev
        WHERE l.key >= $from AND l.key < $end ORDER BY l.key LIMIT $limit
        """;

    public const string CountLive = "SELECT COUNT(*) FROM live WHERE key >= $from AND key < $end";

    // The newest row of each key at $rev; a key whose newest row is a deletion did not exist then.
    public const string ListAt = """
        SELECT h.key, h.create_rev, h.rev, h.value
        FROM (SELECT key, MAX(rev) AS top FROM history WHERE key >= $from AND key < $end AND rev <= $rev GROUP BY key) m
        JOIN history h ON h.rev = m.top
        WHERE h.kind <> 2 ORDER BY h.key LIMIT $limit
        """;

    public const string CountAt = """
        SELECT COUNT(*)
        FROM (SELECT key, MAX(rev) AS top FROM history WHERE key >= $from AND key < $end AND rev <= $rev GROUP BY key) m
        JOIN history h ON h.rev = m.top
        WHERE h.kind <> 2
        """;

    public const string History = """
        SELECT h.rev, h.key, h.kind, h.create_rev, h.prev_rev, h.value, p.value
        FROM history h LEFT JOIN history p ON p.rev = h.prev_rev
        WHERE h.rev >= $from AND h.rev <= $to AND h.key >= $keyFrom AND h.key < $keyEnd
        ORDER BY h.rev LIMIT $limit
        """;

    public const string Expired = "SELECT key, rev FROM live WHERE expires_at IS NOT NULL AND expires_at <= $now ORDER BY expires_at LIMIT $limit";

    public const string CompactChunkEnd = "SELECT MAX(rev) FROM (SELECT rev FROM history WHERE rev >= $from AND rev < $target ORDER BY rev LIMIT $limit)";

    // A row below the target is still needed only while it is its key's newest row below the
    // target and not a deletion: it is then the state at target-1 (read by lists at the target)
    // and the Previous of the key's next event.
    public const string CompactChunk = """
        DELETE FROM history WHERE rev >= $from AND rev <= $to AND (kind = 2 OR EXISTS (
            SELECT 1 FROM history n WHERE n.key = history.key AND n.rev > history.rev AND n.rev < $target))
        """;
}
