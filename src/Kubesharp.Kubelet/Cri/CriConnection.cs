using System.Net.Sockets;
using Grpc.Net.Client;

namespace Kubesharp.Kubelet.Cri;

/// <summary>
/// One gRPC channel to a CRI runtime's unix socket, exposing its runtime and image services.
/// Cheap to keep for the node's lifetime; dispose to close the connection.
/// </summary>
public sealed class CriConnection : IDisposable
{
    private readonly GrpcChannel channel;

    private CriConnection(string socketPath, GrpcChannel channel)
    {
        SocketPath = socketPath;
        this.channel = channel;
        Runtime = new RuntimeServiceClient(new V1.RuntimeService.RuntimeServiceClient(channel));
        Images = new ImageServiceClient(new V1.ImageService.ImageServiceClient(channel));
    }

    public string SocketPath { get; }

    public IRuntimeService Runtime { get; }

    public IImageService Images { get; }

    /// <summary>Opens a channel to the socket; nothing is sent until the first call.</summary>
    public static CriConnection Open(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var endpoint = new UnixDomainSocketEndPoint(socketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            // Long exec and image calls must not block sandbox/container calls behind one stream limit.
            EnableMultipleHttp2Connections = true,
        };

        // The host name is never resolved: every connection goes through the callback above.
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            ThrowOperationCanceledOnCancellation = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        return new CriConnection(socketPath, channel);
    }

    /// <summary>
    /// True once the runtime reports the NetworkReady condition (its CNI configuration loaded):
    /// what upstream's kubelet checks before it starts pod sandboxes.
    /// </summary>
    public async Task<bool> NetworkReadyAsync(CancellationToken cancellationToken)
    {
        var status = await CriCall.RunAsync(
            "Status", o => new V1.RuntimeService.RuntimeServiceClient(channel).StatusAsync(new V1.StatusRequest(), o), cancellationToken).ConfigureAwait(false);
        return status.Status?.Conditions.Any(c => c.Type == "NetworkReady" && c.Status) == true;
    }

    public void Dispose() => channel.Dispose();
}
