using System.Net;
using System.Net.Sockets;

namespace Kubesharp.Dns.Serving;

/// <summary>Relays a query for a name outside the cluster zone to the configured upstream (UDP, one try, bounded).</summary>
internal sealed class Forwarder(IPEndPoint upstream)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The upstream's response, or null when it did not answer in time.</summary>
    public async Task<byte[]?> ForwardAsync(ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            await socket.ConnectAsync(upstream, bounded.Token);
            await socket.SendAsync(query, SocketFlags.None, bounded.Token);
            var buffer = new byte[65535];
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, bounded.Token);
            return buffer[..received];
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
