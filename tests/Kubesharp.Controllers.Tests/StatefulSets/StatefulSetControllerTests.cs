using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.StatefulSets;

public sealed class StatefulSetControllerTests
{
    private static readonly ResourceType Sets = BuiltInResources.Get("apps", "statefulsets");
    private static readonly ResourceType Claims = BuiltInResources.Get("", "persistentvolumeclaims");
    private static readonly ResourceType Revisions = BuiltInResources.Get("apps", "controllerrevisions");
    private static readonly string[] OrdinalPrefixes = ["web-0,web-1,web-2", "web-0,web-1", "web-0"];

    [Fact]
    public async Task Reconcile_OrderedReady_CreatesOneOrdinalAtATimeAfterThePreviousIsReady()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(Sets, "default", StatefulSet(3), ct);

        for (var i = 0; i < 3; i++)
        {
            var pods = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=web", ct), p => p.Count == i + 1, ct);
            await Task.Delay(300, ct); // the next ordinal must not appear while this one is not Ready
            Assert.Equal(i + 1, (await harness.PodsAsync("app=web", ct)).Count);
            var pod = pods.Single(p => Name(p) == $"web-{i}");
            Assert.Equal($"web-{i}", pod["spec"]!["hostname"]!.GetValue<string>());
            Assert.Equal("nginx", pod["spec"]!["subdomain"]!.GetValue<string>());
            Assert.Equal($"web-{i}", pod["metadata"]!["labels"]!["statefulset.kubernetes.io/pod-name"]!.GetValue<string>());
            Assert.Equal($"{i}", pod["metadata"]!["labels"]!["apps.kubernetes.io/pod-index"]!.GetValue<string>());
            Assert.StartsWith("web-", pod["metadata"]!["labels"]!["controller-revision-hash"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(pod["spec"]!["volumes"]!.AsArray(), v => v!["persistentVolumeClaim"]?["claimName"]?.GetValue<string>() == $"www-web-{i}");
            var claim = await harness.Client.GetAsync(Claims, "default", $"www-web-{i}", ct);
            Assert.Equal("web", claim["metadata"]!["labels"]!["app"]!.GetValue<string>());
            await harness.MarkReadyAsync(pod, ct);
        }

        var status = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.GetAsync(Sets, "default", "web", ct))["status"],
            s => s?["readyReplicas"]?.GetValue<long>() == 3,
            ct);
        Assert.Equal(3, status!["replicas"]!.GetValue<long>());
        Assert.Equal(3, status["currentReplicas"]!.GetValue<long>());
        Assert.Equal(3, status["updatedReplicas"]!.GetValue<long>());
        Assert.Equal(status["currentRevision"]!.GetValue<string>(), status["updateRevision"]!.GetValue<string>());
        Assert.Equal(1, status["observedGeneration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Reconcile_ScaleDownOrderedReady_RemovesHighestOrdinalFirstAndKeepsClaims()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await using var readier = new PodReadier(harness, "app=web");
        await harness.Client.CreateAsync(Sets, "default", StatefulSet(3), ct);
        await ControllerHarness.EventuallyAsync(() => ReadyReplicasAsync(harness, ct), n => n == 3, ct);

        await ScaleAsync(harness, 1, ct);
        var seen = new List<string>();
        for (var i = 0; i < 500 && (seen.Count == 0 || seen[^1] != "web-0"); i++)
        {
            var names = string.Join(",", (await harness.PodsAsync("app=web", ct)).Select(Name).Order(StringComparer.Ordinal));
            if (seen.Count == 0 || seen[^1] != names)
            {
                seen.Add(names);
            }

            await Task.Delay(20, ct);
        }

        // Every state seen is a prefix of the ordinals: web-1 never went while web-2 was still there.
        Assert.Equal("web-0", seen[^1]);
        Assert.All(seen, names => Assert.Contains(names, OrdinalPrefixes));
        var claims = (await harness.Client.ListAsync(Claims, "default", new ListRequest(), ct))["items"]!.AsArray();
        Assert.Equal(3, claims.Count); // whenScaled: Retain (the default)
    }

    [Fact]
    public async Task Reconcile_ScaleDownWithWhenScaledDelete_RemovesTheClaimsOfRemovedOrdinals()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await using var readier = new PodReadier(harness, "app=web");
        var set = StatefulSet(3);
        set["spec"]!["podManagementPolicy"] = "Parallel";
        set["spec"]!["persistentVolumeClaimRetentionPolicy"] = new JsonObject { ["whenScaled"] = "Delete", ["whenDeleted"] = "Retain" };
        await harness.Client.CreateAsync(Sets, "default", set, ct);
        await ControllerHarness.EventuallyAsync(() => ReadyReplicasAsync(harness, ct), n => n == 3, ct);

        await ScaleAsync(harness, 1, ct);

        var claims = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.ListAsync(Claims, "default", new ListRequest(), ct))["items"]!.AsArray().Select(c => c!["metadata"]!["name"]!.GetValue<string>()).ToList(),
            names => names.Count == 1,
            ct);
        Assert.Equal(["www-web-0"], claims);
        Assert.Equal(["web-0"], (await harness.PodsAsync("app=web", ct)).Select(Name));
    }

    [Fact]
    public async Task Reconcile_PartitionedRollingUpdate_ReplacesOnlyOrdinalsAtOrAbovePartitionHighestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await using var readier = new PodReadier(harness, "app=web");
        await harness.Client.CreateAsync(Sets, "default", StatefulSet(3), ct);
        await ControllerHarness.EventuallyAsync(() => ReadyReplicasAsync(harness, ct), n => n == 3, ct);
        var before = await RevisionsOfPodsAsync(harness, ct);

        var set = await harness.Client.GetAsync(Sets, "default", "web", ct);
        set["spec"]!["updateStrategy"]!["rollingUpdate"]!["partition"] = 1;
        set["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "busybox:2";
        await harness.Client.UpdateAsync(Sets, set, ct);

        var status = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.GetAsync(Sets, "default", "web", ct))["status"],
            s => s?["updatedReplicas"]?.GetValue<long>() == 2 && s["readyReplicas"]?.GetValue<long>() == 3,
            ct);
        var after = await RevisionsOfPodsAsync(harness, ct);
        Assert.Equal(before["web-0"], after["web-0"]);
        Assert.NotEqual(before["web-1"], after["web-1"]);
        Assert.Equal(status!["updateRevision"]!.GetValue<string>(), after["web-2"]);
        Assert.Equal(status["currentRevision"]!.GetValue<string>(), after["web-0"]);
        var revisions = (await harness.Client.ListAsync(Revisions, "default", new ListRequest(), ct))["items"]!.AsArray();
        Assert.Equal([1L, 2L], revisions.Select(r => r!["revision"]!.GetValue<long>()).Order());
    }

    [Fact]
    public async Task Reconcile_Parallel_CreatesAllOrdinalsWithoutWaiting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        var set = StatefulSet(4);
        set["spec"]!["podManagementPolicy"] = "Parallel";
        set["spec"]!["ordinals"] = new JsonObject { ["start"] = 5 };
        await harness.Client.CreateAsync(Sets, "default", set, ct);

        var pods = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=web", ct), p => p.Count == 4, ct);
        Assert.Equal(["web-5", "web-6", "web-7", "web-8"], pods.Select(Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reconcile_FailedPod_IsReplacedUnderTheSameName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(Sets, "default", StatefulSet(1), ct);
        var pod = (await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=web", ct), p => p.Count == 1, ct))[0];
        var uid = pod["metadata"]!["uid"]!.GetValue<string>();
        var failed = (JsonObject)pod.DeepClone();
        failed["status"] = new JsonObject { ["phase"] = "Failed" };
        await harness.Client.UpdateStatusAsync(ControllerHarness.Pods, failed, ct);

        var replaced = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=web", ct), p => p.Count == 1 && p[0]["metadata"]!["uid"]!.GetValue<string>() != uid, ct);
        Assert.Equal("web-0", Name(replaced[0]));
    }

    [Fact]
    public async Task Create_WithoutStrategyFields_ApiDefaultsThemAsUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        var stored = await harness.Client.CreateAsync(Sets, "default", StatefulSet(1), ct);

        Assert.Equal("OrderedReady", stored["spec"]!["podManagementPolicy"]!.GetValue<string>());
        Assert.Equal("RollingUpdate", stored["spec"]!["updateStrategy"]!["type"]!.GetValue<string>());
        Assert.Equal(0, stored["spec"]!["updateStrategy"]!["rollingUpdate"]!["partition"]!.GetValue<long>());
        Assert.Equal(10, stored["spec"]!["revisionHistoryLimit"]!.GetValue<long>());
        Assert.Equal("Retain", stored["spec"]!["persistentVolumeClaimRetentionPolicy"]!["whenDeleted"]!.GetValue<string>());
        Assert.Equal("Retain", stored["spec"]!["persistentVolumeClaimRetentionPolicy"]!["whenScaled"]!.GetValue<string>());
    }

    private static async Task<long> ReadyReplicasAsync(ControllerHarness harness, CancellationToken ct) =>
        (await harness.Client.GetAsync(Sets, "default", "web", ct))["status"]?["readyReplicas"]?.GetValue<long>() ?? 0;

    private static async Task ScaleAsync(ControllerHarness harness, int replicas, CancellationToken ct)
    {
        var set = await harness.Client.GetAsync(Sets, "default", "web", ct);
        set["spec"]!["replicas"] = replicas;
        await harness.Client.UpdateAsync(Sets, set, ct);
    }

    private static async Task<Dictionary<string, string>> RevisionsOfPodsAsync(ControllerHarness harness, CancellationToken ct) =>
        (await harness.PodsAsync("app=web", ct)).ToDictionary(Name, p => p["metadata"]!["labels"]!["controller-revision-hash"]!.GetValue<string>());

    private static string Name(JsonObject pod) => pod["metadata"]!["name"]!.GetValue<string>();

    private static JsonObject StatefulSet(int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "StatefulSet",
        ["metadata"] = new JsonObject { ["name"] = "web" },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["serviceName"] = "nginx",
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
            },
            ["volumeClaimTemplates"] = new JsonArray(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "www" },
                ["spec"] = new JsonObject
                {
                    ["accessModes"] = new JsonArray("ReadWriteOnce"),
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "1Gi" } },
                },
            }),
        },
    };
}
