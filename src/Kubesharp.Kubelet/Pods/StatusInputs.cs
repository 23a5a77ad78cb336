namespace Kubesharp.Kubelet.Pods;

/// <summary>What the status computation needs besides the pod and the runtime's view of it.</summary>
/// <param name="HostIp">The node's InternalIP (status.hostIP).</param>
/// <param name="RuntimeName">Prefix of containerIDs, e.g. containerd.</param>
/// <param name="Waiting">Waiting reasons the worker decided, by container name (back-off, image and config errors).</param>
/// <param name="IsReady">Readiness of a running container, by name.</param>
/// <param name="IsStarted">Startup of a running container, by name.</param>
/// <param name="Now">The time new transitions are stamped with.</param>
internal sealed record StatusInputs(
    string HostIp,
    string RuntimeName,
    IReadOnlyDictionary<string, WaitingReason> Waiting,
    Func<string, bool> IsReady,
    Func<string, bool> IsStarted,
    DateTimeOffset Now);
