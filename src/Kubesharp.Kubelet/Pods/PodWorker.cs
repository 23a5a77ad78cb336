using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// The state of one pod on this node, owned by its worker loop: the newest pod object the informer
/// delivered, the waiting reasons decided so far, what was last written, and container statuses that
/// cannot change any more (exited containers). Syncs of one pod never overlap.
/// </summary>
internal sealed class PodWorker(string uid) : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public string Uid { get; } = uid;

    /// <summary>The newest pod from the informer; null once it left the API.</summary>
    public JsonObject? Pod { get; set; }

    /// <summary>The last pod object seen, kept after the pod left the API (grace period, preStop).</summary>
    public JsonObject? LastKnown { get; set; }

    public bool Gone { get; set; }

    public Dictionary<string, WaitingReason> Waiting { get; } = new(StringComparer.Ordinal);

    /// <summary>The status last written and the resourceVersion the write produced.</summary>
    public JsonObject? LastWritten { get; set; }

    public long LastWrittenVersion { get; set; }

    /// <summary>Full statuses by container id; a container's status only changes with its state.</summary>
    public Dictionary<string, ContainerInfo> ContainerCache { get; } = new(StringComparer.Ordinal);

    /// <summary>The IPs of sandboxes seen ready, by sandbox id (sandbox status is asked once).</summary>
    public Dictionary<string, PodSandboxInfo> SandboxCache { get; } = new(StringComparer.Ordinal);

    public bool VolumesPrepared { get; set; }

    /// <summary>
    /// Every container runs and none waits (no back-off, no error to retry): nothing changes until the
    /// runtime, the pod or a probe does, and each of those wakes the worker.
    /// </summary>
    public bool Settled { get; set; }

    public void Dispose() => signal.Dispose();

    public void Wake()
    {
        lock (signal)
        {
            try
            {
                if (signal.CurrentCount == 0)
                {
                    signal.Release();
                }
            }
            catch (ObjectDisposedException)
            {
                // the worker ended meanwhile; a new one picks the pod up
            }
        }
    }

    /// <summary>Waits for a wake-up or <paramref name="timeout"/>, whichever first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
}
