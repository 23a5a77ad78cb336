namespace Kubesharp.Kubelet.Probes;

/// <summary>What a <see cref="ProbeEvent"/> tells the pod worker.</summary>
public enum ProbeEventKind
{
    /// <summary>
    /// One attempt failed. The worker records a Warning event, reason <c>Unhealthy</c>, message
    /// <c>"{Probe} probe failed: {Message}"</c> (upstream's wording).
    /// </summary>
    Failed,

    /// <summary>One attempt could not run; counts as a failure. Upstream's message: <c>"{Probe} probe errored: {Message}"</c>.</summary>
    Errored,

    /// <summary>Readiness became true: set the container (and maybe the pod) Ready.</summary>
    Ready,

    /// <summary>Readiness became false (failureThreshold reached).</summary>
    NotReady,

    /// <summary>The startup probe succeeded: <c>containerStatuses[].started</c> becomes true.</summary>
    Started,

    /// <summary>
    /// Liveness or startup reached failureThreshold: the worker kills the container (event Killing,
    /// <c>Container {name} failed {probe} probe, will be restarted</c>) and restarts it per restartPolicy.
    /// Probing of that container instance stops; call Start again for the new instance.
    /// </summary>
    RestartRequired,
}
