using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Pods;

namespace Kubesharp.Kubelet.Tests.Pods;

public sealed class PodStatusBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_RunningContainerInReadySandbox_RunningReadyWithIps()
    {
        var pod = Pod("Always");
        var observed = new PodObservation(Sandbox(), [Container("c1", 0, ContainerState.Running)]);

        var status = PodStatusBuilder.Build(new PodView(pod), observed, Inputs());

        Assert.Equal("Running", status["phase"]!.GetValue<string>());
        Assert.Equal("10.42.0.5", status["podIP"]!.GetValue<string>());
        Assert.Equal("10.0.0.1", status["hostIP"]!.GetValue<string>());
        Assert.Equal("True", ConditionStatus(status, "Ready"));
        Assert.Equal("True", ConditionStatus(status, "ContainersReady"));
        Assert.Equal("True", ConditionStatus(status, "PodReadyToStartContainers"));
        Assert.Equal("True", ConditionStatus(status, "PodScheduled"));
        var c = status["containerStatuses"]![0]!;
        Assert.Equal("containerd://id-c1-0", c["containerID"]!.GetValue<string>());
        Assert.True(c["ready"]!.GetValue<bool>());
        Assert.NotNull(c["state"]!["running"]);
        Assert.Equal("Burstable", status["qosClass"]!.GetValue<string>());
    }

    [Fact]
    public void Build_CrashLoopWithAlways_RunningPhaseWaitingWithLastState()
    {
        var pod = Pod("Always");
        var observed = new PodObservation(Sandbox(), [Container("c1", 0, ContainerState.Exited, exitCode: 3), Container("c1", 1, ContainerState.Exited, exitCode: 3)]);
        var waiting = new Dictionary<string, WaitingReason> { ["c1"] = new("CrashLoopBackOff", "back-off 10s restarting failed container=c1") };

        var status = PodStatusBuilder.Build(new PodView(pod), observed, Inputs(waiting));

        Assert.Equal("Running", status["phase"]!.GetValue<string>());
        var c = status["containerStatuses"]![0]!;
        Assert.Equal("CrashLoopBackOff", c["state"]!["waiting"]!["reason"]!.GetValue<string>());
        Assert.Equal(1, c["restartCount"]!.GetValue<int>());
        Assert.Equal(3, c["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Equal("Error", c["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
        Assert.Equal("False", ConditionStatus(status, "Ready"));
    }

    [Theory]
    [InlineData("Never", 0, "Succeeded")]
    [InlineData("Never", 1, "Failed")]
    [InlineData("OnFailure", 0, "Succeeded")]
    [InlineData("OnFailure", 1, "Running")]
    [InlineData("Always", 0, "Running")]
    public void Build_ExitedContainer_PhaseByRestartPolicy(string policy, int exitCode, string phase)
    {
        var observed = new PodObservation(Sandbox(), [Container("c1", 0, ContainerState.Exited, exitCode)]);

        var status = PodStatusBuilder.Build(new PodView(Pod(policy)), observed, Inputs());

        Assert.Equal(phase, status["phase"]!.GetValue<string>());
        if (phase is "Succeeded" or "Failed")
        {
            Assert.Equal("PodCompleted", Condition(status, "Ready")!["reason"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Build_NoSandboxYet_PendingContainerCreating()
    {
        var status = PodStatusBuilder.Build(new PodView(Pod("Always")), PodObservation.None, Inputs());

        Assert.Equal("Pending", status["phase"]!.GetValue<string>());
        Assert.Equal("ContainerCreating", status["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>());
        Assert.Equal("False", ConditionStatus(status, "PodReadyToStartContainers"));
        Assert.Null(status["podIP"]);
    }

    [Fact]
    public void Build_InitContainerRunning_PendingAndPodInitializing()
    {
        var pod = Pod("Always", init: true);
        var observed = new PodObservation(Sandbox(), [Container("init", 0, ContainerState.Running)]);

        var status = PodStatusBuilder.Build(new PodView(pod), observed, Inputs());

        Assert.Equal("Pending", status["phase"]!.GetValue<string>());
        Assert.Equal("False", ConditionStatus(status, "Initialized"));
        Assert.Equal("containers with incomplete status: [init]", Condition(status, "Initialized")!["message"]!.GetValue<string>());
        Assert.Equal("PodInitializing", status["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>());
        Assert.NotNull(status["initContainerStatuses"]![0]!["state"]!["running"]);
    }

    [Fact]
    public void Build_InitContainerFailedWithNever_Failed()
    {
        var observed = new PodObservation(Sandbox(), [Container("init", 0, ContainerState.Exited, exitCode: 1)]);

        var status = PodStatusBuilder.Build(new PodView(Pod("Never", init: true)), observed, Inputs());

        Assert.Equal("Failed", status["phase"]!.GetValue<string>());
    }

    [Fact]
    public void Build_SameInputsTwice_EqualJsonAndKeptTransitionTimes()
    {
        var pod = Pod("Always");
        var observed = new PodObservation(Sandbox(), [Container("c1", 0, ContainerState.Running)]);
        var first = PodStatusBuilder.Build(new PodView(pod), observed, Inputs());
        pod["status"] = first;

        var second = PodStatusBuilder.Build(new PodView(pod), observed, Inputs() with { Now = Now.AddMinutes(5) });

        Assert.True(JsonNode.DeepEquals(first, second), second.ToJsonString());
    }

    [Fact]
    public void Build_ImagePullFailure_WaitingWithMessage()
    {
        var waiting = new Dictionary<string, WaitingReason> { ["c1"] = new("ErrImagePull", "Failed to pull image; import it") };

        var status = PodStatusBuilder.Build(new PodView(Pod("Always")), new PodObservation(Sandbox(), []), Inputs(waiting));

        var state = status["containerStatuses"]![0]!["state"]!["waiting"]!;
        Assert.Equal("ErrImagePull", state["reason"]!.GetValue<string>());
        Assert.Equal("Failed to pull image; import it", state["message"]!.GetValue<string>());
        Assert.Equal("Pending", status["phase"]!.GetValue<string>());
    }

    internal static JsonObject Pod(string restartPolicy, bool init = false)
    {
        var spec = new JsonObject
        {
            ["restartPolicy"] = restartPolicy,
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "c1", ["image"] = "busybox" }),
        };
        if (init)
        {
            spec["initContainers"] = new JsonArray(new JsonObject { ["name"] = "init", ["image"] = "busybox" });
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "default", ["uid"] = "u1", ["resourceVersion"] = "5" },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["qosClass"] = "Burstable",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" }),
            },
        };
    }

    internal static PodSandboxInfo Sandbox() => new("sb1", "p", "default", "u1", 0, PodSandboxState.Ready) { Ip = "10.42.0.5", CreatedAt = Now };

    internal static ContainerInfo Container(string name, uint attempt, ContainerState state, int exitCode = 0) =>
        new($"id-{name}-{attempt}", "sb1", name, attempt, state)
        {
            CreatedAt = Now.AddSeconds(attempt),
            StartedAt = Now.AddSeconds(attempt),
            FinishedAt = state == ContainerState.Exited ? Now.AddSeconds(attempt + 1) : null,
            ExitCode = exitCode,
            ImageRef = "sha256:abc",
        };

    private static StatusInputs Inputs(Dictionary<string, WaitingReason>? waiting = null) =>
        new("10.0.0.1", "containerd", waiting ?? [], _ => true, _ => true, Now);

    private static JsonObject? Condition(JsonObject status, string type) =>
        (status["conditions"] as JsonArray)!.OfType<JsonObject>().FirstOrDefault(c => c["type"]!.GetValue<string>() == type);

    private static string? ConditionStatus(JsonObject status, string type) => Condition(status, type)?["status"]?.GetValue<string>();
}
