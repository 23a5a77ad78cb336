namespace Kubesharp.Kubelet.Probes;

/// <summary>A change the probe manager reports to the pod worker for one container instance.</summary>
public sealed record ProbeEvent(PodContainerRef Container, string ContainerId, ProbeType Probe, ProbeEventKind Kind, string Message)
{
    /// <summary>The upstream event message, e.g. <c>Liveness probe failed: HTTP probe failed with statuscode: 500</c>.</summary>
    public string EventMessage => Kind switch
    {
        ProbeEventKind.RestartRequired => $"Container {Container.ContainerName} failed {Probe.ToString().ToLowerInvariant()} probe, will be restarted",
        ProbeEventKind.Errored => $"{Probe} probe errored: {Message}",
        _ => $"{Probe} probe failed: {Message}",
    };
}
