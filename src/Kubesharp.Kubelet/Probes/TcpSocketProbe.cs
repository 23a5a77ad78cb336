using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Probes;

/// <summary>A <c>tcpSocket</c> probe: success when a connection to host:port opens within the timeout.</summary>
internal static class TcpSocketProbe
{
    public static async Task<ProbeResult> RunAsync(JsonObject tcp, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!ProbePorts.TryResolve(tcp["port"], target, out var port, out var error))
        {
            return ProbeResult.Failed(error);
        }

        var host = tcp["host"]?.GetValue<string>() is { Length: > 0 } explicitHost ? explicitHost : target.PodIp;
        var address = $"{host}:{port}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            return ProbeResult.Success;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed($"dial tcp {address}: i/o timeout");
        }
        catch (SocketException e)
        {
            return ProbeResult.Failed($"dial tcp {address}: connect: {e.Message.ToLowerInvariant()}");
        }
    }
}
