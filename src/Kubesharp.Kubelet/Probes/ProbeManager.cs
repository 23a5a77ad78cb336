using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Probes;

internal sealed class ProbeManager(IProber prober, TimeProvider time, ILogger<ProbeManager> logger) : IProbeManager, IDisposable
{
    private readonly ConcurrentDictionary<PodContainerRef, Running> containers = new();
    private readonly Channel<ProbeEvent> events = Channel.CreateUnbounded<ProbeEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<ProbeEvent> Events => events.Reader;

    public void Start(PodContainerRef container, JsonObject containerSpec, ProbeTarget target)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(containerSpec);
        ArgumentNullException.ThrowIfNull(target);
        var probes = new ContainerProbes(container, containerSpec, target, prober, events.Writer);
        var running = new Running(probes, new CancellationTokenSource());
        containers.AddOrUpdate(container, running, (_, previous) =>
        {
            previous.Cancel();
            return running;
        });
        foreach (var type in probes.Types)
        {
            _ = RunAsync(probes, type, running.Stopping.Token);
        }

        ProbeLog.Started(logger, container.ToString(), target.ContainerId, probes.Types.Count());
    }

    public void Stop(PodContainerRef container)
    {
        if (containers.TryRemove(container, out var running))
        {
            running.Cancel();
        }
    }

    public void StopPod(string podUid)
    {
        foreach (var container in containers.Keys.Where(c => c.PodUid == podUid).ToArray())
        {
            Stop(container);
        }
    }

    public bool IsReady(PodContainerRef container) => containers.TryGetValue(container, out var running) && running.Probes.IsReady;

    public bool IsStarted(PodContainerRef container) => containers.TryGetValue(container, out var running) && running.Probes.IsStarted;

    public void Dispose()
    {
        foreach (var container in containers.Keys.ToArray())
        {
            Stop(container);
        }

        events.Writer.TryComplete();
    }

    private async Task RunAsync(ContainerProbes probes, ProbeType type, CancellationToken cancellationToken)
    {
        try
        {
            // Off the caller's thread: Start is called from the pod worker and must not run a probe inline.
            await Task.Yield();
            await probes.RunAsync(type, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A probe loop that dies would silently leave the container "ready" forever; say so loudly.
            ProbeLog.LoopFailed(logger, e, probes.Container.ToString(), type);
        }
    }

    private sealed record Running(ContainerProbes Probes, CancellationTokenSource Stopping)
    {
        // Not disposed: the loops may still be between awaits holding its token, and it owns no timer.
        public void Cancel() => Stopping.Cancel();
    }
}
