using System.Net.Sockets;
using Grpc.Core;

namespace Kubesharp.Storage.Etcd;

/// <summary>How etcd's gRPC failures are classified and turned into <see cref="StoreException"/>s.</summary>
internal static class EtcdErrors
{
    // etcd answers a read below the compacted revision with OutOfRange and this text
    // (mvcc.ErrCompacted); the future-revision case shares the status code.
    private const string CompactedText = "required revision has been compacted";
    private const string FutureText = "required revision is a future revision";

    /// <summary>A failure of the member or the path to it, worth trying another member for.</summary>
    public static bool IsMemberFailure(RpcException error) => error.StatusCode
        is StatusCode.Unavailable
        or StatusCode.DeadlineExceeded
        or StatusCode.Internal
        or StatusCode.Unknown
        or StatusCode.Aborted;

    /// <summary>
    /// True when the request never left this process (the connection could not be opened),
    /// so it certainly was not applied. Anything else may have reached the leader.
    /// </summary>
    public static bool NeverSent(RpcException error)
    {
        for (Exception? e = error.InnerException; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable })
            {
                return true;
            }
        }

        return error.Status.Detail.Contains("Connection refused", StringComparison.OrdinalIgnoreCase)
            || error.Status.Detail.Contains("no leader", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsCompacted(RpcException error)
        => error.StatusCode == StatusCode.OutOfRange && error.Status.Detail.Contains(CompactedText, StringComparison.Ordinal);

    public static bool IsFutureRevision(RpcException error)
        => error.StatusCode == StatusCode.OutOfRange && error.Status.Detail.Contains(FutureText, StringComparison.Ordinal);

    public static StoreException Unavailable(IReadOnlyList<Uri> endpoints, Exception? last)
        => new(
            StoreErrorCode.Unavailable,
            $"No etcd member answered ({string.Join(", ", endpoints)}): {Describe(last)}",
            null,
            last);

    public static StoreException Compacted(long requested, long compactRevision, Exception? inner = null)
        => new(
            StoreErrorCode.Compacted,
            $"Revision {requested} has been compacted; the oldest revision available is {compactRevision}.",
            null,
            inner)
        {
            CompactRevision = compactRevision,
        };

    public static StoreException Failed(RpcException error)
        => new(StoreErrorCode.Unavailable, $"etcd refused the request: {error.Status.Detail} ({error.StatusCode}).", null, error);

    private static string Describe(Exception? error) => error switch
    {
        null => "no attempt was made",
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        _ => error.Message,
    };
}
