using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// What the pod worker delegates per pod and container: volumes and environment (set-up), lifecycle
/// hooks and probes (readiness, liveness). One seam, so the worker does not depend on how each
/// is done; <see cref="PodExtensions.Basic"/> is the minimal one (literal env, no volumes, always ready).
/// </summary>
public interface IPodExtensions
{
    /// <summary>Runs until cancelled, asking for a pod (by uid) to be synced again when something changed (readiness, a liveness kill).</summary>
    Task RunAsync(Action<string> wakePod, CancellationToken cancellationToken);

    /// <summary>Before the sandbox exists: set up the pod's volumes. Throws <see cref="PodSetupException"/> (FailedMount) to retry later.</summary>
    Task PreparePodAsync(JsonObject pod, CancellationToken cancellationToken);

    /// <summary>Right before CreateContainer: env and mounts. Throws <see cref="PodSetupException"/> (CreateContainerConfigError).</summary>
    Task<ContainerSetup> SetUpContainerAsync(JsonObject pod, JsonObject container, PodRuntimeAddresses addresses, CancellationToken cancellationToken);

    /// <summary>After StartContainer: postStart hook, then probes. False when the hook failed (the worker kills the container).</summary>
    Task<bool> ContainerStartedAsync(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses, CancellationToken cancellationToken);

    /// <summary>On every sync, for each running container (also ones this kubelet adopted after a restart): keep it probed.</summary>
    void ContainerRunning(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses);

    /// <summary>On every sync of a running pod: refresh what may change underneath (configMap and secret volume contents).</summary>
    Task ResyncPodAsync(JsonObject pod, CancellationToken cancellationToken);

    /// <summary>Before StopContainer on deletion: the preStop hook, bounded by <paramref name="cancellationToken"/> (the grace period).</summary>
    Task BeforeStopAsync(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses, CancellationToken cancellationToken);

    /// <summary>containerStatuses[].ready of a running container.</summary>
    bool IsReady(string podUid, string containerName);

    /// <summary>containerStatuses[].started of a running container.</summary>
    bool IsStarted(string podUid, string containerName);

    /// <summary>The pod's containers and sandbox are gone: stop probes, tear volumes down.</summary>
    Task PodRemovedAsync(string podUid, CancellationToken cancellationToken);
}
