using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Kubesharp.Kubelet.Probes;

/// <summary>
/// Runs the liveness, readiness and startup probes of running containers, as upstream's prober
/// manager: one loop per probe honouring initialDelaySeconds, periodSeconds, timeoutSeconds,
/// successThreshold and failureThreshold; liveness and readiness wait for startup to succeed;
/// readiness is false until its first success (true at once without a readiness probe).
/// Disposing stops every loop and completes <see cref="Events"/>.
/// </summary>
public interface IProbeManager : IDisposable
{
    /// <summary>
    /// Starts probing one container instance (after StartContainer and a successful postStart hook).
    /// <paramref name="containerSpec"/> is the <c>spec.containers[]</c> item. Starting the same
    /// container again replaces the previous instance's probes (a restart).
    /// </summary>
    void Start(PodContainerRef container, JsonObject containerSpec, ProbeTarget target);

    /// <summary>Stops the container's probes and forgets its state; idempotent.</summary>
    void Stop(PodContainerRef container);

    /// <summary>Stops every container of the pod; idempotent.</summary>
    void StopPod(string podUid);

    /// <summary>Readiness as the pod status should show it; false for unknown containers.</summary>
    bool IsReady(PodContainerRef container);

    /// <summary><c>containerStatuses[].started</c>: true without a startup probe; false for unknown containers.</summary>
    bool IsStarted(PodContainerRef container);

    /// <summary>Changes the worker acts on, in the order they happened. Single reader.</summary>
    ChannelReader<ProbeEvent> Events { get; }
}
