using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Kubesharp.Kubelet.Probes;

/// <summary>
/// The probes of one container instance and the state they drive (started, ready). Each probe runs in
/// its own loop; <see cref="StepAsync"/> is one attempt, so the rules are testable without waiting.
/// </summary>
internal sealed class ContainerProbes
{
    private readonly Lock gate = new();
    private readonly IProber prober;
    private readonly ChannelWriter<ProbeEvent> events;
    private readonly Dictionary<ProbeType, (ProbeSpec Spec, ProbeCounter Counter)> probes = [];
    private bool started;
    private bool ready;
    private bool restartPending;

    public ContainerProbes(PodContainerRef container, JsonObject containerSpec, ProbeTarget target, IProber prober, ChannelWriter<ProbeEvent> events)
    {
        Container = container;
        Target = target;
        this.prober = prober;
        this.events = events;
        Add(containerSpec, "livenessProbe", ProbeType.Liveness);
        Add(containerSpec, "readinessProbe", ProbeType.Readiness);
        Add(containerSpec, "startupProbe", ProbeType.Startup);
        started = !probes.ContainsKey(ProbeType.Startup);
        ready = !probes.ContainsKey(ProbeType.Readiness);
    }

    public PodContainerRef Container { get; }

    public ProbeTarget Target { get; }

    public IEnumerable<ProbeType> Types => probes.Keys;

    public bool IsStarted
    {
        get
        {
            lock (gate)
            {
                return started;
            }
        }
    }

    /// <summary>Ready needs started too: readiness is not probed before startup succeeds.</summary>
    public bool IsReady
    {
        get
        {
            lock (gate)
            {
                return started && ready && !restartPending;
            }
        }
    }

    /// <summary>Runs one probe's loop: wait initialDelaySeconds, then an attempt every periodSeconds.</summary>
    public async Task RunAsync(ProbeType type, TimeProvider time, CancellationToken cancellationToken)
    {
        var spec = probes[type].Spec;
        await Task.Delay(spec.InitialDelay, time, cancellationToken).ConfigureAwait(false);
        while (await StepAsync(type, cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(spec.Period, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One attempt of <paramref name="type"/>; false once that probe has nothing more to do.</summary>
    public async Task<bool> StepAsync(ProbeType type, CancellationToken cancellationToken)
    {
        var (spec, counter) = probes[type];
        lock (gate)
        {
            if (restartPending)
            {
                return false;
            }

            if (type == ProbeType.Startup && started)
            {
                return false;
            }

            // Upstream holds liveness and readiness until the startup probe has succeeded.
            if (type != ProbeType.Startup && !started)
            {
                return true;
            }
        }

        var result = await prober.ProbeAsync(spec.Handler, Target, spec.Timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Publish(type, result.Status == ProbeStatus.Unknown ? ProbeEventKind.Errored : ProbeEventKind.Failed, result.Message);
        }

        var effective = counter.Record(result.Succeeded);
        return effective is { } succeeded ? Apply(type, succeeded, result.Message) : true;
    }

    private bool Apply(ProbeType type, bool succeeded, string message)
    {
        ProbeEventKind? kind = null;
        var keepProbing = true;
        lock (gate)
        {
            switch (type)
            {
                case ProbeType.Readiness when ready != succeeded:
                    ready = succeeded;
                    kind = succeeded ? ProbeEventKind.Ready : ProbeEventKind.NotReady;
                    break;
                case ProbeType.Startup when succeeded:
                    started = true;
                    kind = ProbeEventKind.Started;
                    keepProbing = false;
                    break;
                case ProbeType.Startup or ProbeType.Liveness when !succeeded:
                    // This instance is done; the worker restarts the container and calls Start for the next one.
                    restartPending = true;
                    kind = ProbeEventKind.RestartRequired;
                    keepProbing = false;
                    break;
            }
        }

        if (kind is { } changed)
        {
            Publish(type, changed, message);
        }

        return keepProbing;
    }

    private void Publish(ProbeType type, ProbeEventKind kind, string message) =>
        events.TryWrite(new ProbeEvent(Container, Target.ContainerId, type, kind, message));

    private void Add(JsonObject containerSpec, string field, ProbeType type)
    {
        if (containerSpec[field] is JsonObject probe)
        {
            var spec = ProbeSpec.From(probe, type);
            probes[type] = (spec, new ProbeCounter(spec.SuccessThreshold, spec.FailureThreshold));
        }
    }
}
