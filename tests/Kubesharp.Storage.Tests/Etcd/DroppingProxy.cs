using System.Net;
using System.Net.Sockets;

namespace Kubesharp.Storage.Tests.Etcd;

/// <summary>
/// A loopback TCP forwarder to one etcd member that can lose a response on purpose: once armed,
/// the first bytes the member sends back are held back for a while and the client's
/// connection is then reset instead. The request has
/// then reached etcd, but the client never learns its outcome: the "lost response" a dying
/// member causes, made deterministic.
/// </summary>
public sealed class DroppingProxy : IAsyncDisposable
{
    private static readonly TimeSpan HoldBeforeReset = TimeSpan.FromMilliseconds(500);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _armed;
    private int _dropped;

    public DroppingProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync(_stop.Token);
    }

    public Uri Url { get; }

    public int Dropped => Volatile.Read(ref _dropped);

    public void DropNextResponse() => Volatile.Write(ref _armed, 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(cancellationToken);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await server.ConnectAsync(_target.Host, _target.Port, cancellationToken);
            _ = PumpAsync(client, server, toClient: false, cancellationToken);
            _ = PumpAsync(server, client, toClient: true, cancellationToken);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool toClient, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                if (toClient && Interlocked.Exchange(ref _armed, 0) == 1)
                {
                    // etcd answers flow-control frames as soon as the request arrives, before it
                    // has applied it; holding everything back a while lets the write apply, so
                    // only its response is lost.
                    await Task.Delay(HoldBeforeReset, cancellationToken);
                    Interlocked.Increment(ref _dropped);
                    to.LingerState = new LingerOption(true, 0); // close with RST, as a crash would
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }
}
