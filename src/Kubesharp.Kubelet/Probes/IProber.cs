using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Probes;

/// <summary>
/// Runs one probe or lifecycle handler attempt: <c>exec</c> (CRI ExecSync, exit 0 = success),
/// <c>httpGet</c> (200–399 = success), <c>tcpSocket</c> (connects), <c>grpc</c> (health SERVING).
/// </summary>
public interface IProber
{
    /// <summary>
    /// Runs the handler (a probe or lifecycle handler object) against the target, bounded by
    /// <paramref name="timeout"/>. Never throws for probe failures; cancellation propagates.
    /// </summary>
    Task<ProbeResult> ProbeAsync(JsonObject handler, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken);
}
