using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Pods;
using Kubesharp.Kubelet.Tests.Fakes;
using Kubesharp.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Kubelet.Tests.Pods;

/// <summary>The pod worker's decisions against an in-memory runtime: what it asks CRI to do and what status it writes.</summary>
public sealed class PodSyncerTests : IDisposable
{
    private readonly ManualTime time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryRuntime runtime;
    private readonly InMemoryImages images = new();
    private readonly StatusSink api = new();
    private readonly RecordingEvents events = new();
    private readonly DirectoryInfo data = Directory.CreateTempSubdirectory("kubesharp-syncer-");
    private readonly PodSyncer syncer;
    private readonly PodWorker worker = new("u1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public PodSyncerTests()
    {
        runtime = new InMemoryRuntime(time);
        syncer = new PodSyncer(Context(new KubeletOptions("node-1", data.FullName)));
    }

    public void Dispose()
    {
        worker.Dispose();
        data.Delete(recursive: true);
    }

    [Fact]
    public async Task Sync_NewPod_StartsLabelledSandboxAndContainerAndReportsRunning()
    {
        worker.Pod = Pod("Always");

        Assert.False(await syncer.SyncAsync(worker, Ct));

        Assert.Equal(["RunPodSandbox p 0", "CreateContainer c1 0", "StartContainer c2"], runtime.Calls);
        Assert.Equal("u1", runtime.Sandboxes[0].Labels["io.kubernetes.pod.uid"]);
        var created = Assert.Single(runtime.Created);
        Assert.Equal(["sleep", "3600"], created.Container.Command);
        Assert.Equal("c1/0.log", created.Container.LogPath);
        Assert.Equal(Path.Combine(data.FullName, "pods", "u1", "logs"), created.Sandbox.LogDirectory);
        Assert.Equal("Running", api.Last!["phase"]!.GetValue<string>());
        Assert.Equal("10.42.0.1", api.Last["podIP"]!.GetValue<string>());
        Assert.Contains(events.Recorded, e => e.StartsWith("Warning PullSkippedOffline", StringComparison.Ordinal)); // busybox: policy Always, offline, local copy used
        Assert.Contains("Normal Started: Started container c1", events.Recorded);
    }

    [Fact]
    public async Task Sync_NothingChanged_NoRuntimeCallsAndNoStatusWrite()
    {
        worker.Pod = Pod("Always");
        await syncer.SyncAsync(worker, Ct);
        worker.Pod = WithStatus(worker.Pod, api.Last!);
        var calls = runtime.Calls.Count;
        var writes = api.Statuses.Count;

        await syncer.SyncAsync(worker, Ct);

        Assert.Equal(calls, runtime.Calls.Count);
        Assert.Equal(writes, api.Statuses.Count);
    }

    [Fact]
    public async Task Sync_ContainerCrashesTwice_RestartsOnceThenCrashLoopBackOffUntilDelayPassed()
    {
        worker.Pod = Pod("Always");
        await syncer.SyncAsync(worker, Ct);

        runtime.Exit("c1", 3);
        await syncer.SyncAsync(worker, Ct);
        Assert.Contains("CreateContainer c1 1", runtime.Calls); // first crash: restarted at once

        runtime.Exit("c1", 3);
        await syncer.SyncAsync(worker, Ct);
        Assert.DoesNotContain("CreateContainer c1 2", runtime.Calls);
        var status = api.Last!["containerStatuses"]![0]!;
        Assert.Equal("CrashLoopBackOff", status["state"]!["waiting"]!["reason"]!.GetValue<string>());
        Assert.StartsWith("back-off 10s restarting failed container=c1 pod=p_default(u1)", status["state"]!["waiting"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, status["restartCount"]!.GetValue<int>());
        Assert.Equal(3, status["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());

        time.Advance(TimeSpan.FromSeconds(11));
        await syncer.SyncAsync(worker, Ct);
        Assert.Contains("CreateContainer c1 2", runtime.Calls);
        Assert.Equal(2, api.Last!["containerStatuses"]![0]!["restartCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sync_AllContainersRunning_SettledUntilAContainerWaits()
    {
        worker.Pod = Pod("Always");
        await syncer.SyncAsync(worker, Ct);
        Assert.True(worker.Settled);

        runtime.Exit("c1", 3);
        await syncer.SyncAsync(worker, Ct);
        Assert.True(worker.Settled); // restarted at once: running again

        runtime.Exit("c1", 3);
        await syncer.SyncAsync(worker, Ct);
        Assert.False(worker.Settled); // CrashLoopBackOff: the restart is the worker's own next step
    }

    [Fact]
    public async Task Sync_ImageAbsent_NotSettled()
    {
        var pod = Pod("Always");
        pod["spec"]!["containers"]![0]!["image"] = "example.invalid/ghost:1";
        worker.Pod = pod;

        await syncer.SyncAsync(worker, Ct);

        Assert.False(worker.Settled);
    }

    [Fact]
    public async Task Sync_NeverPolicyContainerFails_FailedAndSandboxStopped()
    {
        worker.Pod = Pod("Never");
        await syncer.SyncAsync(worker, Ct);

        runtime.Exit("c1", 1);
        await syncer.SyncAsync(worker, Ct);

        Assert.Equal("Failed", api.Last!["phase"]!.GetValue<string>());
        Assert.Contains(runtime.Calls, c => c.StartsWith("StopPodSandbox", StringComparison.Ordinal));
        Assert.DoesNotContain("CreateContainer c1 1", runtime.Calls);
    }

    [Fact]
    public async Task Sync_RunningPodFoundAtStart_AdoptedWithoutRestart()
    {
        var sandboxId = await runtime.RunPodSandboxAsync(new PodSandboxSpec("p", "default", "u1") { Labels = Labels() }, Ct);
        var containerLabels = Labels();
        containerLabels["io.kubernetes.container.name"] = "c1";
        var id = await runtime.CreateContainerAsync(new NewContainer(sandboxId, new ContainerSpec("c1", "busybox") { Labels = containerLabels }, new PodSandboxSpec("p", "default", "u1")), Ct);
        await runtime.StartContainerAsync(id, Ct);
        runtime.Calls.Clear();
        worker.Pod = Pod("Always");

        await syncer.SyncAsync(worker, Ct);

        Assert.Empty(runtime.Calls);
        Assert.Equal($"containerd://{id}", api.Last!["containerStatuses"]![0]!["containerID"]!.GetValue<string>());
        Assert.Equal(0, api.Last["containerStatuses"]![0]!["restartCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sync_StartFails_RunContainerErrorThenCrashLoopBackOff()
    {
        runtime.StartFailure = "exec: \"/no/such/binary\": stat /no/such/binary: no such file or directory";
        worker.Pod = Pod("Always");

        await syncer.SyncAsync(worker, Ct);
        var waiting = api.Last!["containerStatuses"]![0]!["state"]!["waiting"]!;
        Assert.Equal("RunContainerError", waiting["reason"]!.GetValue<string>());
        Assert.Contains("/no/such/binary", waiting["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await syncer.SyncAsync(worker, Ct);
        Assert.Equal("CrashLoopBackOff", api.Last!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>());
        Assert.Equal("StartError", api.Last["containerStatuses"]![0]!["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_ImageAbsent_ErrImagePullWithImportHintThenImagePullBackOff()
    {
        var pod = Pod("Always");
        pod["spec"]!["containers"]![0]!["image"] = "example.invalid/ghost:1";
        worker.Pod = pod;

        await syncer.SyncAsync(worker, Ct);
        var waiting = api.Last!["containerStatuses"]![0]!["state"]!["waiting"]!;
        Assert.Equal("ErrImagePull", waiting["reason"]!.GetValue<string>());
        Assert.Contains("kubesharp images import FILE", waiting["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await syncer.SyncAsync(worker, Ct);
        Assert.Equal("ImagePullBackOff", api.Last!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>());
        Assert.Equal(1, images.Pulls);
        Assert.DoesNotContain(runtime.Calls, c => c.StartsWith("CreateContainer", StringComparison.Ordinal));
        Assert.Equal("Pending", api.Last["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_StrictPullOffline_ErrImagePullEvenWithLocalImage()
    {
        var strict = new PodSyncer(Context(new KubeletOptions("node-1", data.FullName) { StrictImagePull = true }));
        worker.Pod = Pod("Always");

        await strict.SyncAsync(worker, Ct);

        Assert.Equal("ErrImagePull", api.Last!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_DeletingPod_StopsWithGraceRemovesSandboxAndDeletesWithUidPrecondition()
    {
        worker.Pod = Pod("Always");
        await syncer.SyncAsync(worker, Ct);
        var deleting = (JsonObject)worker.Pod.DeepClone();
        deleting["metadata"]!["deletionTimestamp"] = "2026-12-01T12:00:30Z";
        deleting["metadata"]!["deletionGracePeriodSeconds"] = 5;
        worker.Pod = deleting;

        Assert.True(await syncer.SyncAsync(worker, Ct));

        // SIGTERM-to-SIGKILL gets the deletion's grace period, less the moments spent before the stop.
        Assert.Contains(runtime.Calls, c => System.Text.RegularExpressions.Regex.IsMatch(c, @"^StopContainer c2 (5|4\.9\d*)$"));
        Assert.Contains(runtime.Calls, c => c.StartsWith("RemovePodSandbox", StringComparison.Ordinal));
        Assert.Empty(runtime.Containers);
        var (name, request) = Assert.Single(api.Deletes);
        Assert.Equal("p", name);
        Assert.Equal(0, request!.GracePeriodSeconds);
        Assert.Equal("u1", request.PreconditionUid);
        Assert.False(Directory.Exists(Path.Combine(data.FullName, "pods", "u1")));
    }

    [Fact]
    public async Task Sync_PodGoneFromApi_KillsAndRemovesEverything()
    {
        worker.Pod = Pod("Always");
        await syncer.SyncAsync(worker, Ct);
        worker.Gone = true;
        worker.Pod = null;

        Assert.True(await syncer.SyncAsync(worker, Ct));

        Assert.Empty(runtime.Sandboxes);
        Assert.Empty(runtime.Containers);
        Assert.Empty(api.Deletes);
    }

    private PodContext Context(KubeletOptions options) => new(api, runtime, images, options, PodExtensions.Basic(), events, NullLogger.Instance, time)
    {
        HostIp = "10.0.0.1",
        RuntimeName = "containerd",
        NodeMemoryBytes = 1L << 30,
    };

    private static Dictionary<string, string> Labels() => new(StringComparer.Ordinal)
    {
        ["io.kubernetes.pod.name"] = "p",
        ["io.kubernetes.pod.namespace"] = "default",
        ["io.kubernetes.pod.uid"] = "u1",
    };

    private static JsonObject WithStatus(JsonObject pod, JsonObject status)
    {
        var copy = (JsonObject)pod.DeepClone();
        copy["status"] = status.DeepClone();
        copy["metadata"]!["resourceVersion"] = "1000";
        return copy;
    }

    private static JsonObject Pod(string restartPolicy)
    {
        var pod = PodStatusBuilderTests.Pod(restartPolicy);
        pod["spec"]!["containers"]![0]!["command"] = new JsonArray("sleep", "3600");
        return pod;
    }
}
