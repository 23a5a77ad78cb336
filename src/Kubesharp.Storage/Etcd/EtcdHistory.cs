using Grpc.Core;
using Kubesharp.Storage.Etcd.Protos;

namespace Kubesharp.Storage.Etcd;

/// <summary>Reads single facts out of etcd's history with short-lived watches.</summary>
internal static class EtcdHistory
{
    /// <summary>
    /// The first change of <paramref name="key"/> after <paramref name="revision"/>, or null when
    /// it cannot be read (compacted, unreachable). Call it only when a change is known to exist:
    /// a watch with nothing to replay would wait for the next live change.
    /// </summary>
    public static async Task<Event?> FirstChangeAfterAsync(EtcdCluster cluster, string key, long revision, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(cluster.RequestTimeout);
        try
        {
            using var call = cluster.Current.Watch.Watch(cancellationToken: timeout.Token);
            await call.RequestStream.WriteAsync(
                new WatchRequest { CreateRequest = new WatchCreateRequest { Key = EtcdConvert.Bytes(key), StartRevision = revision + 1, PrevKv = true } },
                timeout.Token).ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                if (response.Canceled || response.CompactRevision > 0)
                {
                    return null;
                }

                if (response.Events.Count > 0)
                {
                    return response.Events[0];
                }
            }
        }
        catch (RpcException)
        {
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }

    /// <summary>
    /// The oldest revision still readable. etcd names it only when asked for something older,
    /// so this asks a watch for revision 1, which etcd answers with its compact revision.
    /// </summary>
    public static async Task<long> CompactRevisionAsync(EtcdCluster cluster, long fallback, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(cluster.RequestTimeout);
        try
        {
            using var call = cluster.Current.Watch.Watch(cancellationToken: timeout.Token);
            await call.RequestStream.WriteAsync(
                new WatchRequest { CreateRequest = new WatchCreateRequest { Key = EtcdConvert.Bytes("\0"), StartRevision = 1 } },
                timeout.Token).ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false))
            {
                if (call.ResponseStream.Current.CompactRevision > 0)
                {
                    return call.ResponseStream.Current.CompactRevision;
                }
            }
        }
        catch (RpcException)
        {
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        return fallback;
    }
}
