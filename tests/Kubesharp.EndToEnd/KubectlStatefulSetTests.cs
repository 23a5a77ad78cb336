using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.EndToEnd;

/// <summary>
/// StatefulSets and quotas with the real kubectl on hollow nodes: ordered creation with claims,
/// `rollout status/history/undo`, scale down from the highest ordinal, and the quota admission's error.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlStatefulSetTests : IClassFixture<KubesharpServer>
{
    private const string StatefulSet = """
        apiVersion: v1
        kind: Service
        metadata: {name: nginx}
        spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80}]}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web}
        spec:
          replicas: 3
          serviceName: nginx
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, image: busybox}]}
          volumeClaimTemplates:
          - metadata: {name: www}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        """;

    private readonly KubesharpServer _server;

    public KubectlStatefulSetTests(KubesharpServer server) => _server = server;

    [Fact]
    public async Task StatefulSet_OnHollowNodes_CreatesInOrderRollsOutUndoesAndScalesDownFromTheTop()
    {
        await using var nodes = HollowNodes.Start(_server, 2, "sts-");
        var kubectl = _server.Kubectl;
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "nodes", "--no-headers")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains(" Ready ", StringComparison.Ordinal)) >= 2);

        var applied = await kubectl.RunWithInputAsync(StatefulSet, "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var status = await kubectl.RunAsync(["rollout", "status", "statefulset/web", "--timeout=90s"], null, TimeSpan.FromSeconds(120));
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("roll out complete", status.Stdout, StringComparison.Ordinal);

        // OrderedReady: each ordinal was created only once the one before it was Ready.
        var pods = await PodsAsync(kubectl);
        Assert.Equal(["web-0", "web-1", "web-2"], pods.Select(p => p["metadata"]!["name"]!.GetValue<string>()));
        for (var i = 1; i < 3; i++)
        {
            Assert.True(Created(pods[i]) >= ReadySince(pods[i - 1]), $"web-{i} created {Created(pods[i])}, before web-{i - 1} was Ready at {ReadySince(pods[i - 1])}");
        }

        var claims = await kubectl.RunAsync("get", "pvc", "-o", "jsonpath={.items[*].metadata.name}");
        Assert.Equal(["www-web-0", "www-web-1", "www-web-2"], claims.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        Assert.Equal(0, (await kubectl.RunAsync("set", "image", "statefulset/web", "c=busybox:2")).ExitCode);
        Assert.Equal(0, (await kubectl.RunAsync(["rollout", "status", "statefulset/web", "--timeout=90s"], null, TimeSpan.FromSeconds(120))).ExitCode);
        var history = await kubectl.RunAsync("rollout", "history", "statefulset/web");
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Matches(@"(?m)^1\s", history.Stdout);
        Assert.Matches(@"(?m)^2\s", history.Stdout);
        var undo = await kubectl.RunAsync("rollout", "undo", "statefulset/web");
        Assert.True(undo.ExitCode == 0, undo.ToString());
        Assert.Equal(0, (await kubectl.RunAsync(["rollout", "status", "statefulset/web", "--timeout=90s"], null, TimeSpan.FromSeconds(120))).ExitCode);
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.containers[0].image}")).Stdout == "busybox busybox busybox");
        Assert.Equal("busybox busybox busybox", (await kubectl.RunAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.containers[0].image}")).Stdout);

        Assert.Equal(0, (await kubectl.RunAsync("scale", "statefulset/web", "--replicas=1")).ExitCode);
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && (seen.Count == 0 || seen[^1] != "web-0"))
        {
            var names = string.Join(",", (await kubectl.RunAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")).Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            if (seen.Count == 0 || seen[^1] != names)
            {
                seen.Add(names);
            }
        }

        Assert.Equal("web-0", seen[^1]);
        Assert.DoesNotContain("web-0,web-2", seen); // web-1 never went before web-2
        Assert.Equal(3, (await kubectl.RunAsync("get", "pvc", "--no-headers")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // claims are kept
    }

    [Fact]
    public async Task ResourceQuota_TwoPods_ThirdPodIsRefusedWithTheExceededQuotaError()
    {
        var kubectl = _server.Kubectl;
        await SucceedsAsync(kubectl, "create", "namespace", "quota-e2e");
        // Applied, not `kubectl create quota`: that command sends protobuf, which the server does not speak.
        var quota = await kubectl.RunWithInputAsync("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: pods, namespace: quota-e2e}\nspec: {hard: {pods: \"2\"}}\n", "apply", "-f", "-");
        Assert.True(quota.ExitCode == 0, quota.ToString());
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "quota", "pods", "-n", "quota-e2e", "-o", "jsonpath={.status.used.pods}")).Stdout == "0");
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "serviceaccount", "default", "-n", "quota-e2e")).ExitCode == 0);

        await SucceedsAsync(kubectl, "run", "p1", "--image=busybox", "-n", "quota-e2e");
        await SucceedsAsync(kubectl, "run", "p2", "--image=busybox", "-n", "quota-e2e");
        var third = await kubectl.RunAsync("run", "p3", "--image=busybox", "-n", "quota-e2e");

        Assert.NotEqual(0, third.ExitCode);
        Assert.Contains("Error from server (Forbidden): pods \"p3\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2", third.Stderr, StringComparison.Ordinal);
        var described = await kubectl.RunAsync("describe", "quota", "pods", "-n", "quota-e2e");
        Assert.Matches(@"pods\s+2\s+2", described.Stdout);
    }

    private static async Task SucceedsAsync(Kubectl kubectl, params string[] args)
    {
        var result = await kubectl.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static async Task<List<JsonObject>> PodsAsync(Kubectl kubectl)
    {
        var list = JsonNode.Parse((await kubectl.RunAsync("get", "pods", "-l", "app=web", "-o", "json")).Stdout)!;
        return list["items"]!.AsArray().OfType<JsonObject>().OrderBy(p => p["metadata"]!["name"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
    }

    private static DateTimeOffset Created(JsonObject pod) => Parse(pod["metadata"]!["creationTimestamp"]!.GetValue<string>());

    private static DateTimeOffset ReadySince(JsonObject pod) =>
        Parse(pod["status"]!["conditions"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == "Ready")!["lastTransitionTime"]!.GetValue<string>());

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static async Task EventuallyAsync(Func<Task<bool>> check)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await check() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
    }
}
