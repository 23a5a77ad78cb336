using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Sqlite;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Opened the SQLite store {Path} at revision {Revision} (compacted to {CompactRevision})")]
    public static partial void Opened(ILogger logger, string path, long revision, long compactRevision);

    [LoggerMessage(2, LogLevel.Information, "Initialized a new SQLite store in {Path}")]
    public static partial void Initialized(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Error, "A write batch of {Count} requests failed and was rolled back")]
    public static partial void BatchFailed(ILogger logger, int count, Exception error);

    [LoggerMessage(4, LogLevel.Information, "Compacted history up to revision {Revision}")]
    public static partial void Compacted(ILogger logger, long revision);

    [LoggerMessage(5, LogLevel.Warning, "Background compaction failed")]
    public static partial void CompactionFailed(ILogger logger, Exception error);

    [LoggerMessage(6, LogLevel.Warning, "Sweeping expired keys failed")]
    public static partial void SweepFailed(ILogger logger, Exception error);

    [LoggerMessage(7, LogLevel.Debug, "Expired {Count} keys")]
    public static partial void Expired(ILogger logger, int count);
}
