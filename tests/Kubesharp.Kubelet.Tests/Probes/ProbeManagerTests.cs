using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Probes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Kubelet.Tests.Probes;

/// <summary>The manager's real loops on the real clock, with 1 s periods (the smallest upstream allows).</summary>
public sealed class ProbeManagerTests : IDisposable
{
    private static readonly PodContainerRef Ref = new("uid-1", "default", "web", "app");
    private readonly ScriptedProber prober = new();
    private readonly ProbeManager manager;

    public ProbeManagerTests() => manager = new ProbeManager(prober, TimeProvider.System, NullLogger<ProbeManager>.Instance);

    public void Dispose() => manager.Dispose();

    [Fact]
    public async Task Start_LivenessKeepsFailing_RestartRequiredAfterThreshold()
    {
        prober.Script("live", ProbeResult.Failed("nope"));
        manager.Start(Ref, new JsonObject { ["livenessProbe"] = ScriptedProber.Probe("live", "\"periodSeconds\":1,\"failureThreshold\":2") }, new ProbeTarget("c1", "10.0.0.1"));

        var kinds = new List<ProbeEventKind>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!kinds.Contains(ProbeEventKind.RestartRequired))
        {
            kinds.Add((await manager.Events.ReadAsync(timeout.Token)).Kind);
        }

        Assert.Equal([ProbeEventKind.Failed, ProbeEventKind.Failed, ProbeEventKind.RestartRequired], kinds);
        Assert.Equal(2, prober.Calls["live"]);
    }

    [Fact]
    public async Task Start_InitialDelay_NoProbeBeforeIt()
    {
        manager.Start(Ref, new JsonObject { ["readinessProbe"] = ScriptedProber.Probe("ready", "\"initialDelaySeconds\":1") }, new ProbeTarget("c1", "10.0.0.1"));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(prober.Calls.ContainsKey("ready"));
        Assert.False(manager.IsReady(Ref));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ready = await manager.Events.ReadAsync(timeout.Token);

        Assert.Equal(ProbeEventKind.Ready, ready.Kind);
        Assert.True(manager.IsReady(Ref));
    }

    [Fact]
    public void Stop_KnownContainer_ForgetsIt()
    {
        manager.Start(Ref, new JsonObject(), new ProbeTarget("c1", "10.0.0.1"));
        Assert.True(manager.IsReady(Ref));
        Assert.True(manager.IsStarted(Ref));

        manager.StopPod("uid-1");

        Assert.False(manager.IsReady(Ref));
        Assert.False(manager.IsStarted(Ref));
    }

    [Fact]
    public void Start_Again_ReplacesPreviousInstance()
    {
        manager.Start(Ref, new JsonObject(), new ProbeTarget("c1", "10.0.0.1"));
        manager.Start(Ref, new JsonObject { ["readinessProbe"] = ScriptedProber.Probe("ready", "\"initialDelaySeconds\":60") }, new ProbeTarget("c2", "10.0.0.1"));
        Assert.False(manager.IsReady(Ref));
    }
}
