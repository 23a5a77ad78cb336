namespace Kubesharp.Storage;

/// <summary>Settings of the embedded SQLite store.</summary>
/// <param name="Path">The database file; created when missing.</param>
public sealed record SqliteStoreOptions(string Path)
{
    /// <summary>Events a watcher may fall behind before it is cut off.</summary>
    public int WatchBufferSize { get; init; } = 10_000;

    /// <summary>How often the background compactor runs.</summary>
    public TimeSpan CompactInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>History younger than this is kept by the background compactor.</summary>
    public TimeSpan CompactKeepDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>At least this many recent revisions are kept by the background compactor.</summary>
    public long CompactKeepRevisions { get; init; } = 10_000;

    /// <summary>Most writes committed in one transaction (one fsync) by the group committer.</summary>
    public int MaxWritesPerCommit { get; init; } = 1_000;

    /// <summary>How often expired TTL keys are looked for.</summary>
    public TimeSpan TtlSweepInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("The SQLite store needs a file path.", nameof(Path));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(WatchBufferSize, 1, nameof(WatchBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWritesPerCommit, 1, nameof(MaxWritesPerCommit));
        ArgumentOutOfRangeException.ThrowIfLessThan(CompactKeepRevisions, 1, nameof(CompactKeepRevisions));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CompactInterval, TimeSpan.Zero, nameof(CompactInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TtlSweepInterval, TimeSpan.Zero, nameof(TtlSweepInterval));
    }
}
