using Grpc.Net.Client;
using Kubesharp.Storage.Etcd.Protos;

namespace Kubesharp.Storage.Etcd;

/// <summary>
/// One etcd member: its own channel, so a dead member's broken HTTP/2 connection never
/// affects calls routed to the others.
/// </summary>
internal sealed class EtcdMember : IDisposable
{
    private readonly GrpcChannel _channel;

    public EtcdMember(Uri endpoint, TimeSpan requestTimeout)
    {
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler
        {
            // Pings find a member that vanished without closing the connection (a partition,
            // a frozen VM); a killed process is noticed at once by the reset.
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectTimeout = requestTimeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };

        // http:// endpoints speak HTTP/2 with prior knowledge: Grpc.Net.Client asks for
        // HTTP/2 exactly, which .NET 5+ honours over plain TCP without any switch.
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = null,
        });
        Kv = new KV.KVClient(_channel);
        Watch = new Watch.WatchClient(_channel);
        Lease = new Lease.LeaseClient(_channel);
        Maintenance = new Maintenance.MaintenanceClient(_channel);
    }

    public Uri Endpoint { get; }

    public KV.KVClient Kv { get; }

    public Watch.WatchClient Watch { get; }

    public Lease.LeaseClient Lease { get; }

    public Maintenance.MaintenanceClient Maintenance { get; }

    public override string ToString() => Endpoint.ToString();

    public void Dispose() => _channel.Dispose();
}
