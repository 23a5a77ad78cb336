using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Probes;

/// <summary>
/// Runs postStart and preStop handlers (<c>exec</c>, <c>httpGet</c>, <c>sleep</c>). Upstream's
/// semantics: a failed postStart means the worker kills the container and records a Warning event
/// <c>FailedPostStartHook</c> with <see cref="ProbeResult.Message"/>; a failed preStop is recorded
/// (<c>FailedPreStopHook</c>) and the container is stopped anyway. Hooks have no timeout of their
/// own: the caller bounds preStop by the grace period through <paramref name="cancellationToken"/>.
/// </summary>
public interface ILifecycleHooks
{
    /// <summary>
    /// Runs <paramref name="handler"/> (<c>lifecycle.postStart</c> or <c>lifecycle.preStop</c>) for
    /// the container named <paramref name="container"/>.
    /// </summary>
    Task<ProbeResult> RunAsync(PodContainerRef container, JsonObject handler, ProbeTarget target, CancellationToken cancellationToken);
}
