using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kubesharp.Kubelet.Probes;

namespace Kubesharp.Kubelet.Tests.Probes;

public sealed class ContainerProbesTests
{
    private static readonly PodContainerRef Ref = new("uid-1", "default", "web", "app");
    private static readonly ProbeResult Fail = ProbeResult.Failed("HTTP probe failed with statuscode: 500");
    private readonly ScriptedProber prober = new();
    private readonly Channel<ProbeEvent> events = Channel.CreateUnbounded<ProbeEvent>();

    [Fact]
    public void New_NoProbes_StartedAndReady()
    {
        var probes = Create(new JsonObject());
        Assert.True(probes.IsStarted);
        Assert.True(probes.IsReady);
        Assert.Empty(probes.Types);
    }

    [Fact]
    public async Task StepAsync_ReadinessBeforeFirstSuccess_NotReadyThenReady()
    {
        var probes = Create(new JsonObject { ["readinessProbe"] = ScriptedProber.Probe("ready") });
        Assert.False(probes.IsReady);

        Assert.True(await probes.StepAsync(ProbeType.Readiness, CancellationToken.None));

        Assert.True(probes.IsReady);
        Assert.Equal([ProbeEventKind.Ready], Drain().Select(e => e.Kind));
    }

    [Fact]
    public async Task StepAsync_LivenessFailuresBelowThreshold_OnlyUnhealthyEvents()
    {
        prober.Script("live", Fail, Fail, ProbeResult.Success, Fail, Fail, Fail);
        var probes = Create(new JsonObject { ["livenessProbe"] = ScriptedProber.Probe("live", "\"failureThreshold\":3") });

        for (var i = 0; i < 5; i++)
        {
            Assert.True(await probes.StepAsync(ProbeType.Liveness, CancellationToken.None));
        }

        Assert.All(Drain(), e => Assert.Equal(ProbeEventKind.Failed, e.Kind));
        Assert.False(await probes.StepAsync(ProbeType.Liveness, CancellationToken.None));
        var last = Drain();
        Assert.Equal([ProbeEventKind.Failed, ProbeEventKind.RestartRequired], last.Select(e => e.Kind));
        Assert.Equal("Liveness probe failed: HTTP probe failed with statuscode: 500", last[0].EventMessage);
        Assert.Equal("Container app failed liveness probe, will be restarted", last[1].EventMessage);
        Assert.Equal("c1", last[1].ContainerId);
    }

    [Fact]
    public async Task StepAsync_RestartPending_StopsEveryProbe()
    {
        prober.Script("live", Fail);
        var probes = Create(new JsonObject
        {
            ["livenessProbe"] = ScriptedProber.Probe("live", "\"failureThreshold\":1"),
            ["readinessProbe"] = ScriptedProber.Probe("ready"),
        });
        await probes.StepAsync(ProbeType.Readiness, CancellationToken.None);
        Assert.True(probes.IsReady);

        Assert.False(await probes.StepAsync(ProbeType.Liveness, CancellationToken.None));

        Assert.False(probes.IsReady);
        Assert.False(await probes.StepAsync(ProbeType.Readiness, CancellationToken.None));
        Assert.Equal(1, prober.Calls["ready"]);
    }

    [Fact]
    public async Task StepAsync_StartupNotYetSucceeded_HoldsLivenessAndReadiness()
    {
        prober.Script("start", Fail, ProbeResult.Success);
        var probes = Create(new JsonObject
        {
            ["startupProbe"] = ScriptedProber.Probe("start", "\"failureThreshold\":5"),
            ["livenessProbe"] = ScriptedProber.Probe("live"),
            ["readinessProbe"] = ScriptedProber.Probe("ready"),
        });

        Assert.True(await probes.StepAsync(ProbeType.Liveness, CancellationToken.None));
        Assert.True(await probes.StepAsync(ProbeType.Readiness, CancellationToken.None));
        Assert.False(prober.Calls.ContainsKey("live"));
        Assert.False(prober.Calls.ContainsKey("ready"));
        Assert.False(probes.IsStarted);

        Assert.True(await probes.StepAsync(ProbeType.Startup, CancellationToken.None));
        Assert.False(probes.IsStarted);
        Assert.False(await probes.StepAsync(ProbeType.Startup, CancellationToken.None));
        Assert.True(probes.IsStarted);
        Assert.False(probes.IsReady);

        await probes.StepAsync(ProbeType.Readiness, CancellationToken.None);
        Assert.True(probes.IsReady);
        Assert.Equal([ProbeEventKind.Failed, ProbeEventKind.Started, ProbeEventKind.Ready], Drain().Select(e => e.Kind));
    }

    [Fact]
    public async Task StepAsync_StartupReachesFailureThreshold_RestartRequired()
    {
        prober.Script("start", Fail, Fail);
        var probes = Create(new JsonObject { ["startupProbe"] = ScriptedProber.Probe("start", "\"failureThreshold\":2") });

        Assert.True(await probes.StepAsync(ProbeType.Startup, CancellationToken.None));
        Assert.False(await probes.StepAsync(ProbeType.Startup, CancellationToken.None));

        var restart = Drain().Last();
        Assert.Equal(ProbeEventKind.RestartRequired, restart.Kind);
        Assert.Equal("Container app failed startup probe, will be restarted", restart.EventMessage);
    }

    [Fact]
    public async Task StepAsync_ReadinessSuccessThreshold_NeedsConsecutiveSuccesses()
    {
        prober.Script("ready", ProbeResult.Success, Fail, ProbeResult.Success, ProbeResult.Success);
        var probes = Create(new JsonObject { ["readinessProbe"] = ScriptedProber.Probe("ready", "\"successThreshold\":2,\"failureThreshold\":1") });

        await probes.StepAsync(ProbeType.Readiness, CancellationToken.None);
        Assert.False(probes.IsReady);
        await probes.StepAsync(ProbeType.Readiness, CancellationToken.None);
        await probes.StepAsync(ProbeType.Readiness, CancellationToken.None);
        Assert.False(probes.IsReady);
        await probes.StepAsync(ProbeType.Readiness, CancellationToken.None);
        Assert.True(probes.IsReady);
    }

    [Fact]
    public async Task StepAsync_ReadyThenFailures_NotReadyAfterThreshold()
    {
        prober.Script("ready", ProbeResult.Success, Fail, Fail);
        var probes = Create(new JsonObject { ["readinessProbe"] = ScriptedProber.Probe("ready", "\"failureThreshold\":2") });
        await probes.StepAsync(ProbeType.Readiness, CancellationToken.None);
        await probes.StepAsync(ProbeType.Readiness, CancellationToken.None);
        Assert.True(probes.IsReady);

        Assert.True(await probes.StepAsync(ProbeType.Readiness, CancellationToken.None));

        Assert.False(probes.IsReady);
        Assert.Equal([ProbeEventKind.Ready, ProbeEventKind.Failed, ProbeEventKind.Failed, ProbeEventKind.NotReady], Drain().Select(e => e.Kind));
    }

    [Fact]
    public async Task StepAsync_ProbeErrored_CountsAsFailureWithErroredMessage()
    {
        prober.Script("live", ProbeResult.Unknown("rpc error: runtime unavailable"));
        var probes = Create(new JsonObject { ["livenessProbe"] = ScriptedProber.Probe("live", "\"failureThreshold\":1") });

        Assert.False(await probes.StepAsync(ProbeType.Liveness, CancellationToken.None));

        var first = Drain()[0];
        Assert.Equal(ProbeEventKind.Errored, first.Kind);
        Assert.Equal("Liveness probe errored: rpc error: runtime unavailable", first.EventMessage);
    }

    private ContainerProbes Create(JsonObject spec) => new(Ref, spec, new ProbeTarget("c1", "10.42.0.5"), prober, events.Writer);

    private List<ProbeEvent> Drain()
    {
        var list = new List<ProbeEvent>();
        while (events.Reader.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }
}
