using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Etcd;

internal static partial class EtcdLog
{
    [LoggerMessage(1, LogLevel.Information, "Connected to etcd at {Endpoint} (revision {Revision})")]
    public static partial void Connected(ILogger logger, Uri endpoint, long revision);

    [LoggerMessage(2, LogLevel.Warning, "etcd member {Endpoint} failed ({Status}: {Detail}); moving to {Next}")]
    public static partial void FailedOver(ILogger logger, Uri endpoint, Grpc.Core.StatusCode status, string detail, Uri next);

    [LoggerMessage(3, LogLevel.Information, "Watch on {Prefix} resumes on {Endpoint} from revision {Revision}")]
    public static partial void WatchResumed(ILogger logger, string prefix, Uri endpoint, long revision);

    [LoggerMessage(4, LogLevel.Information, "Compacted etcd history up to revision {Revision}")]
    public static partial void Compacted(ILogger logger, long revision);

    [LoggerMessage(5, LogLevel.Warning, "Background compaction failed")]
    public static partial void CompactionFailed(ILogger logger, Exception error);

    [LoggerMessage(6, LogLevel.Debug, "etcd granted a {Granted}s lease for a requested {Requested}s TTL")]
    public static partial void LeaseLonger(ILogger logger, long granted, long requested);

    [LoggerMessage(7, LogLevel.Warning, "A write to {Key} lost its response; resolved from history as {Outcome}")]
    public static partial void AmbiguousWrite(ILogger logger, string key, string outcome);
}
