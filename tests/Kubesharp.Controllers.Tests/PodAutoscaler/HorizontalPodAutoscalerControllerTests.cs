using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;
using Kubesharp.Controllers.PodAutoscaler;
using Kubesharp.Controllers.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Controllers.Tests.PodAutoscaler;

public sealed class HorizontalPodAutoscalerControllerTests
{
    private static readonly ResourceType Deployments = BuiltInResources.Get("apps", "deployments");
    private static readonly ResourceType Autoscalers = BuiltInResources.Get("autoscaling", "horizontalpodautoscalers");
    private static readonly ResourceType AutoscalersV1 = BuiltInResources.All.First(r => r.Group == "autoscaling" && r.Plural == "horizontalpodautoscalers" && r.Version == "v1");
    private static readonly ResourceType Events = BuiltInResources.Get("", "events");

    [Fact]
    public async Task Reconcile_CpuAboveTarget_ScalesTheDeploymentThroughScaleAndReports()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new ControllerManagerOptions("test") { LeaderElect = false, Disabled = new HashSet<string>(["horizontal-pod-autoscaler-controller"], StringComparer.Ordinal) };
        await using var harness = await ControllerHarness.StartAsync(ct, options);
        var metrics = new FakePodMetrics(harness.Client) { MilliCpu = 100 };
        await harness.Client.CreateAsync(Deployments, "default", Deployment("web"), ct);
        var pod = Assert.Single(await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=web", ct), p => p.Count == 1, ct));
        await MarkStartedAsync(harness.Client, pod, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = RunAsync(harness.Client, new HorizontalPodAutoscalerController(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), metrics), stop.Token);

        await harness.Client.CreateAsync(Autoscalers, "default", Autoscaler("web", cpuPercent: 50), ct);

        // 100m used of 100m requested against 50%: twice as many pods.
        var deployment = await ControllerHarness.EventuallyAsync(() => harness.Client.GetAsync(Deployments, "default", "web", ct), d => Json.Int(d, "spec", "replicas") == 2, ct);
        Assert.Equal(2, Json.Int(deployment, "spec", "replicas"));
        var hpa = await ControllerHarness.EventuallyAsync(() => harness.Client.GetAsync(Autoscalers, "default", "web", ct), h => Json.Int(h, "status", "desiredReplicas") == 2, ct);
        Assert.Equal(1, Json.Int(hpa, "status", "currentReplicas"));
        Assert.NotNull(Json.Str(hpa, "status", "lastScaleTime"));
        Assert.Equal(100, Json.Int(hpa["status"]!["currentMetrics"]![0], "resource", "current", "averageUtilization"));
        Assert.Equal("100m", Json.Str(hpa["status"]!["currentMetrics"]![0], "resource", "current", "averageValue"));
        var conditions = hpa["status"]!["conditions"]!.AsArray().ToDictionary(c => Json.Str(c, "type")!, c => Json.Str(c, "reason"));
        Assert.Equal("SucceededRescale", conditions["AbleToScale"]);
        Assert.Equal("ValidMetricFound", conditions["ScalingActive"]);
        Assert.Equal("DesiredWithinRange", conditions["ScalingLimited"]);
        var events = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.ListAsync(Events, "default", new ListRequest(), ct))["items"]!.AsArray(),
            e => e.Any(x => Json.Str(x, "reason") == "SuccessfulRescale"),
            ct);
        Assert.Equal("New size: 2; reason: cpu resource utilization (percentage of request) above target", Json.Str(events.First(x => Json.Str(x, "reason") == "SuccessfulRescale"), "message"));

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Reconcile_MissingTarget_AbleToScaleFalseWithFailedGetScale()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new ControllerManagerOptions("test") { LeaderElect = false, Disabled = new HashSet<string>(["horizontal-pod-autoscaler-controller"], StringComparer.Ordinal) };
        await using var harness = await ControllerHarness.StartAsync(ct, options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = RunAsync(harness.Client, new HorizontalPodAutoscalerController(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), new FakePodMetrics(harness.Client)), stop.Token);

        await harness.Client.CreateAsync(Autoscalers, "default", Autoscaler("nothing", cpuPercent: 50), ct);

        var hpa = await ControllerHarness.EventuallyAsync(() => harness.Client.GetAsync(Autoscalers, "default", "nothing", ct), h => h["status"]?["conditions"] is JsonArray { Count: > 0 }, ct);
        var able = hpa["status"]!["conditions"]!.AsArray().Single(c => Json.Str(c, "type") == "AbleToScale");
        Assert.Equal("False", Json.Str(able, "status"));
        Assert.Equal("FailedGetScale", Json.Str(able, "reason"));

        await stop.CancelAsync();
        await running;
    }

    /// <summary>Runs one controller as the manager would: register on shared informers, sync, loop.</summary>
    private static async Task RunAsync(IApiClient client, HorizontalPodAutoscalerController controller, CancellationToken cancellationToken)
    {
        using var informers = InformerFactory.CreateShared(client, NullLoggerFactory.Instance, TimeProvider.System);
        controller.Register(new ControllerContext(
            client,
            informers,
            component => EventRecorders.Create(client, new EventRecorderOptions(component), cancellationToken, NullLoggerFactory.Instance.CreateLogger("events"), TimeProvider.System),
            NullLoggerFactory.Instance,
            TimeProvider.System));
        var caches = informers.RunAsync(cancellationToken);
        try
        {
            await informers.WaitForSyncAsync(cancellationToken);
            await controller.RunAsync(cancellationToken);
            await caches;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    [Fact]
    public async Task Reconcile_AutoscalingV1Object_ScalesAndV1ReadersSeeCurrentCpuUtilization()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new ControllerManagerOptions("test") { LeaderElect = false, Disabled = new HashSet<string>(["horizontal-pod-autoscaler-controller"], StringComparer.Ordinal) };
        await using var harness = await ControllerHarness.StartAsync(ct, options);
        var metrics = new FakePodMetrics(harness.Client) { MilliCpu = 100 };
        await harness.Client.CreateAsync(Deployments, "default", Deployment("api"), ct);
        var pod = Assert.Single(await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=api", ct), p => p.Count == 1, ct));
        await MarkStartedAsync(harness.Client, pod, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = RunAsync(harness.Client, new HorizontalPodAutoscalerController(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), metrics), stop.Token);

        // As kubectl autoscale posts it: v1, one cpu target and nothing else.
        await harness.Client.CreateAsync(AutoscalersV1, "default", new JsonObject
        {
            ["apiVersion"] = "autoscaling/v1",
            ["kind"] = "HorizontalPodAutoscaler",
            ["metadata"] = new JsonObject { ["name"] = "api" },
            ["spec"] = new JsonObject
            {
                ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "api" },
                ["maxReplicas"] = 5,
                ["targetCPUUtilizationPercentage"] = 25,
            },
        }, ct);

        // 100% used against 25%: four times as many pods; the v2 status the controller wrote reads as v1's field.
        var deployment = await ControllerHarness.EventuallyAsync(() => harness.Client.GetAsync(Deployments, "default", "api", ct), d => Json.Int(d, "spec", "replicas") == 4, ct);
        Assert.Equal(4, Json.Int(deployment, "spec", "replicas"));
        var v1 = await ControllerHarness.EventuallyAsync(() => harness.Client.GetAsync(AutoscalersV1, "default", "api", ct), h => Json.Int(h, "status", "currentCPUUtilizationPercentage") is not null, ct);
        Assert.Equal("autoscaling/v1", Json.Str(v1, "apiVersion"));
        Assert.Equal(100, Json.Int(v1, "status", "currentCPUUtilizationPercentage"));

        await stop.CancelAsync();
        await running;
    }

    /// <summary>Plays the kubelet: Running and Ready since ten minutes, so cpu samples count.</summary>
    private static async Task MarkStartedAsync(IApiClient client, JsonObject pod, CancellationToken cancellationToken)
    {
        var since = Json.Stamp(DateTimeOffset.UtcNow.AddMinutes(-10));
        var updated = (JsonObject)pod.DeepClone();
        updated["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["startTime"] = since,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = since }),
        };
        await client.UpdateStatusAsync(ControllerHarness.Pods, updated, cancellationToken);
    }

    private static JsonObject Deployment(string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "c",
                        ["image"] = "busybox",
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m" } },
                    }),
                },
            },
        },
    };

    private static JsonObject Autoscaler(string target, int cpuPercent) => new()
    {
        ["apiVersion"] = "autoscaling/v2",
        ["kind"] = "HorizontalPodAutoscaler",
        ["metadata"] = new JsonObject { ["name"] = target },
        ["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = target },
            ["minReplicas"] = 1,
            ["maxReplicas"] = 5,
            ["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = cpuPercent } },
            }),
        },
    };
}
