namespace Kubesharp.Kubelet.Runtime;

/// <summary>
/// Provides the node's containerd: starts and supervises a private one (or checks an existing socket)
/// and stops it again. Stopping leaves pod shims running, as upstream: pods outlive a runtime restart.
/// </summary>
public interface IContainerdSupervisor : IAsyncDisposable
{
    /// <summary>The CRI socket; valid once <see cref="StartAsync"/> returned.</summary>
    string SocketPath { get; }

    /// <summary>The pid of the containerd this supervisor started, or null.</summary>
    int? ProcessId { get; }

    /// <summary>Starts containerd (unless an existing socket is configured) and waits until CRI answers Version.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the pod network (CNI conflist) for <paramref name="podCidr"/> when this supervisor started
    /// containerd without one; nothing for an existing socket, whose runtime has its own.
    /// </summary>
    Task ConfigureNetworkAsync(string podCidr, CancellationToken cancellationToken);

    /// <summary>
    /// Until cancelled: restarts the containerd this supervisor started whenever it exits (back-off
    /// 1 s doubling to 30 s), with the same config, so the socket comes back; pods keep running.
    /// Nothing to do for an existing socket.
    /// </summary>
    Task SuperviseAsync(CancellationToken cancellationToken);

    /// <summary>Stops the containerd this supervisor started: SIGTERM, then SIGKILL after the stop timeout.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
