using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Probes;

/// <summary>Dispatches a probe or handler object to the mechanism it names.</summary>
internal sealed class Prober(IRuntimeService runtime) : IProber, IDisposable
{
    private readonly ExecProbe exec = new(runtime);
    private readonly HttpGetProbe httpGet = new();

    public Task<ProbeResult> ProbeAsync(JsonObject handler, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(target);
        if (handler["exec"] is JsonObject execSpec)
        {
            return exec.RunAsync(execSpec, target, timeout, cancellationToken);
        }

        if (handler["httpGet"] is JsonObject httpGetSpec)
        {
            return httpGet.RunAsync(httpGetSpec, target, timeout, cancellationToken);
        }

        if (handler["tcpSocket"] is JsonObject tcpSpec)
        {
            return TcpSocketProbe.RunAsync(tcpSpec, target, timeout, cancellationToken);
        }

        if (handler["grpc"] is JsonObject grpcSpec)
        {
            return GrpcProbe.RunAsync(grpcSpec, target, timeout, cancellationToken);
        }

        return Task.FromResult(ProbeResult.Failed("missing probe handler"));
    }

    public void Dispose() => httpGet.Dispose();
}
