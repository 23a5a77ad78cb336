using System.Net.Sockets;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using Kubesharp.Kubelet.Probes.GrpcHealth;

namespace Kubesharp.Kubelet.Probes;

/// <summary>
/// A <c>grpc</c> probe as upstream runs it: <c>grpc.health.v1.Health/Check</c> for <c>service</c>
/// (empty: the server as a whole) on the pod's address and <c>port</c>, plaintext HTTP/2, over a
/// connection of its own that the probe closes again (upstream dials for every probe, so a server
/// that stopped accepting connections fails even while an old connection would still answer).
/// Only SERVING is success; failures read as upstream's messages.
/// </summary>
internal static class GrpcProbe
{
    public static async Task<ProbeResult> RunAsync(JsonObject grpc, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (grpc["port"] is not JsonValue portValue || !portValue.TryGetValue(out int port))
        {
            return ProbeResult.Failed("port is required");
        }

        if (port is <= 0 or > 65535)
        {
            return ProbeResult.Failed($"invalid port number: {port}");
        }

        var service = grpc["service"] is JsonValue s && s.TryGetValue(out string? name) ? name : "";
        var address = (target.PodIp.Contains(':', StringComparison.Ordinal) ? $"[{target.PodIp}]" : target.PodIp) + ":" + port;
        var connected = false;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, token).ConfigureAwait(false);
                    connected = true;
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var channel = GrpcChannel.ForAddress("http://" + address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        try
        {
            var response = await new Health.HealthClient(channel)
                .CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? ProbeResult.Success
                : ProbeResult.Failed($"service unhealthy (responded with \"{StatusName(response.Status)}\")");
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed(Message(e, address, connected, timeout));
        }
    }

    private static string Message(RpcException e, string address, bool connected, TimeSpan timeout) => e.StatusCode switch
    {
        StatusCode.DeadlineExceeded when !connected => $"timeout: failed to connect service \"{address}\" within {GoDuration(timeout)}: context deadline exceeded",
        StatusCode.DeadlineExceeded => $"timeout: health rpc did not complete within {GoDuration(timeout)}",
        StatusCode.Unavailable when !connected => $"error: failed to connect service at \"{address}\": {Innermost(e)}",
        StatusCode.Unimplemented => $"error: this server does not implement the grpc health protocol (grpc.health.v1.Health): {e.Status.Detail}",
        _ => $"error: health rpc probe failed: rpc error: code = {e.StatusCode} desc = {e.Status.Detail}",
    };

    /// <summary>The socket's own words (e.g. "connection refused"), lower-case as Go's dialer prints them.</summary>
    private static string Innermost(RpcException e)
    {
        Exception? inner = e.Status.DebugException;
        while (inner?.InnerException is { } next)
        {
            inner = next;
        }

        return (inner?.Message ?? e.Status.Detail).ToLowerInvariant();
    }

    /// <summary>The protocol's enum names, as upstream's messages quote them.</summary>
    internal static string StatusName(HealthCheckResponse.Types.ServingStatus status) => status switch
    {
        HealthCheckResponse.Types.ServingStatus.Unknown => "UNKNOWN",
        HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
        HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
        HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Go's duration format for the whole or millisecond timeouts probes have: 1s, 1.5s, 500ms.</summary>
    private static string GoDuration(TimeSpan value) =>
        value >= TimeSpan.FromSeconds(1) ? $"{value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}s" : $"{(int)value.TotalMilliseconds}ms";
}
