using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Kubesharp.Dns.Wire;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Dns.Serving;

/// <summary>The UDP and TCP listeners of one address, feeding <see cref="QueryHandler"/>.</summary>
internal sealed partial class DnsEndpoints : IAsyncDisposable
{
    private const int UdpLimit = 512;
    private static readonly TimeSpan TcpIdle = TimeSpan.FromSeconds(10);

    private readonly QueryHandler _handler;
    private readonly Forwarder? _forwarder;
    private readonly ILogger _log;
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    private DnsEndpoints(QueryHandler handler, DnsOptions options, ILogger log)
    {
        _handler = handler;
        _forwarder = options.Upstream is null ? null : new Forwarder(options.Upstream);
        _log = log;
        // A deep receive queue absorbs bursts (a pod's resolver fires A and AAAA together) instead of dropping them.
        _udp = new Socket(options.Bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        _tcp = new Socket(options.Bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    }

    /// <summary>Where UDP and TCP listen (the same port for both).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_udp.LocalEndPoint!;

    /// <summary>Binds UDP (port 0 picks a free one) and TCP on the same port, then serves until disposed.</summary>
    public static DnsEndpoints Start(QueryHandler handler, DnsOptions options, ILogger log)
    {
        var endpoints = new DnsEndpoints(handler, options, log);
        try
        {
            endpoints._udp.Bind(options.Bind);
            endpoints._tcp.Bind(new IPEndPoint(options.Bind.Address, endpoints.LocalEndPoint.Port));
            endpoints._tcp.Listen(128);
        }
        catch
        {
            endpoints._udp.Dispose();
            endpoints._tcp.Dispose();
            throw;
        }

        for (var i = 0; i < options.UdpLoops; i++)
        {
            endpoints._loops.Add(Task.Run(() => endpoints.UdpLoopAsync(endpoints._stop.Token)));
        }

        endpoints._loops.Add(Task.Run(() => endpoints.AcceptLoopAsync(endpoints._stop.Token)));
        return endpoints;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Dispose();
        await Task.WhenAll(_loops).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task UdpLoopAsync(CancellationToken cancellationToken)
    {
        var request = new byte[UdpLimit * 8];
        var response = new byte[UdpLimit];
        var peer = new SocketAddress(_udp.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await _udp.ReceiveFromAsync(request, SocketFlags.None, peer, cancellationToken);
                var length = _handler.Handle(request.AsSpan(0, received), response);
                if (length > 0)
                {
                    await _udp.SendToAsync(response.AsMemory(0, length), SocketFlags.None, peer, cancellationToken);
                }
                else if (length < 0 && _forwarder is not null)
                {
                    var copy = new SocketAddress(peer.Family, peer.Size);
                    peer.Buffer.CopyTo(copy.Buffer);
                    _ = RelayAsync(request[..received], copy, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // An ICMP error from an earlier reply (client gone) surfaces here; keep serving.
                LogSocketError(_log, e.SocketErrorCode);
            }
        }
    }

    private async Task RelayAsync(byte[] query, SocketAddress peer, CancellationToken cancellationToken)
    {
        var reply = await _forwarder!.ForwardAsync(query, cancellationToken);
        if (reply is not null && reply.Length <= UdpLimit * 8)
        {
            await _udp.SendToAsync(reply, SocketFlags.None, peer, cancellationToken);
        }
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var client = await _tcp.AcceptAsync(cancellationToken);
                _ = ServeTcpAsync(client, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                LogSocketError(_log, e.SocketErrorCode);
            }
        }
    }

    private async Task ServeTcpAsync(Socket client, CancellationToken cancellationToken)
    {
        using var _ = client;
        var request = new byte[65535];
        var response = new byte[65537];
        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(TcpIdle);
                if (!await ReadExactlyAsync(client, request.AsMemory(0, 2), idle.Token))
                {
                    return;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(request);
                if (!await ReadExactlyAsync(client, request.AsMemory(0, length), idle.Token))
                {
                    return;
                }

                var written = _handler.Handle(request.AsSpan(0, length), response.AsSpan(2));
                byte[]? forwarded = null;
                if (written < 0 && _forwarder is not null)
                {
                    forwarded = await _forwarder.ForwardAsync(request.AsMemory(0, length), idle.Token);
                    written = forwarded?.Length ?? 0;
                    forwarded?.CopyTo(response, 2);
                }

                if (written <= 0)
                {
                    return;
                }

                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)written);
                await client.SendAsync(response.AsMemory(0, written + 2), SocketFlags.None, idle.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // client gone, idle, or server stopping
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "dns socket error: {Error}")]
    private static partial void LogSocketError(ILogger logger, SocketError error);
}
