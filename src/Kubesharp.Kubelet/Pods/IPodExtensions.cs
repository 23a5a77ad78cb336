using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// What the pod worker delegates per pod and container: volumes and environment (set-up), lifecycle
/// hooks and probes (readiness, liveness). One seam, so the worker does not depend on how each
/// is done; <see cref="PodExtensions.Basic"/> is the minimal one (literal env, no volumes, always ready).
/// </summary>
public interface IPodExtensions
{
    /// <summary>Lets the extensions ask for a pod to be synced again (readiness changed, a liveness kill).</summary>
    void Attach(Action<string> wakePod);

    /// <summary>Before the sandbox exists: set up the pod's volumes. Throws <see cref="PodSetupException"/> (FailedMount) to retry later.</summary>
    Task PreparePodAsync(JsonObject pod, CancellationToken cancellationToken);

    /// <summary>Right before CreateContainer: env and mounts. Throws <see cref="PodSetupException"/> (CreateContainerConfigError).</summary>
    Task<ContainerSetup> SetUpContainerAsync(JsonObject pod, JsonObject container, PodRuntimeAddresses addresses, CancellationToken cancellationToken);

    /// <summary>After StartContainer: postStart hook, then probes. False when the hook failed (the worker kills the container).</summary>
    Task<bool> ContainerStartedAsync(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses, CancellationToken cancellationToken);

    /// <summary>Before StopContainer on deletion: the preStop hook, bounded by <paramref name="cancellationToken"/> (the grace period).</summary>
    Task BeforeStopAsync(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses, CancellationToken cancellationToken);

    /// <summary>containerStatuses[].ready of a running container.</summary>
    bool IsReady(string podUid, string containerName);

    /// <summary>containerStatuses[].started of a running container.</summary>
    bool IsStarted(string podUid, string containerName);

    /// <summary>The pod's containers and sandbox are gone: stop probes, tear volumes down.</summary>
    Task PodRemovedAsync(string podUid, CancellationToken cancellationToken);
}
