using System.Diagnostics;
using Kubesharp.Testing.Server;

namespace Kubesharp.EndToEnd;

/// <summary>
/// Placement rules with the real kubectl on hollow nodes in three zones (`kubesharp simulate --zones 3`):
/// required pod anti-affinity puts one replica per node and reports the rest upstream's way, a
/// topology spread constraint balances zones, and `kubectl autoscale` makes an HPA that acts.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlSchedulingTests : IClassFixture<KubesharpServer>
{
    private const string Lonely = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: lonely}
        spec:
          replicas: 7
          selector: {matchLabels: {app: lonely}}
          template:
            metadata: {labels: {app: lonely}}
            spec:
              containers: [{name: c, image: busybox}]
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - labelSelector: {matchLabels: {app: lonely}}
                    topologyKey: kubernetes.io/hostname
        """;

    private const string Zonal = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: zonal}
        spec:
          replicas: 6
          selector: {matchLabels: {app: zonal}}
          template:
            metadata: {labels: {app: zonal}}
            spec:
              containers: [{name: c, image: busybox, resources: {requests: {cpu: 100m}}}]
              topologySpreadConstraints:
              - maxSkew: 1
                topologyKey: topology.kubernetes.io/zone
                whenUnsatisfiable: DoNotSchedule
                labelSelector: {matchLabels: {app: zonal}}
        """;

    private readonly KubesharpServer _server;

    public KubectlSchedulingTests(KubesharpServer server) => _server = server;

    [Fact]
    public async Task Deployments_OnZonedHollowNodes_AntiAffinityOnePerNodeSpreadBalancesZonesAutoscaleActs()
    {
        await using var simulate = KubesharpCommandProcess.Start("simulate", "--nodes", "6", "--zones", "3", "--name-prefix", "zoned-", "--kubeconfig", _server.KubeconfigPath);
        var kubectl = _server.Kubectl;
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "nodes", "-l", "topology.kubernetes.io/zone", "--no-headers")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains(" Ready ", StringComparison.Ordinal)) == 6);

        Assert.Equal(0, (await kubectl.RunWithInputAsync(Lonely, "apply", "-f", "-")).ExitCode);
        await EventuallyAsync(async () => (await NodesOfAsync("app=lonely")).Length == 6);
        var lonely = await NodesOfAsync("app=lonely");
        Assert.Equal(6, lonely.Distinct().Count());
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "events", "--field-selector", "reason=FailedScheduling")).Stdout.Contains("didn't match pod anti-affinity rules", StringComparison.Ordinal));
        var failed = await kubectl.RunAsync("get", "events", "--field-selector", "reason=FailedScheduling", "-o", "jsonpath={.items[*].message}");
        Assert.Contains("0/6 nodes are available: 6 node(s) didn't match pod anti-affinity rules.", failed.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await kubectl.RunWithInputAsync(Zonal, "apply", "-f", "-")).ExitCode);
        await EventuallyAsync(async () => (await NodesOfAsync("app=zonal")).Length == 6);
        var zoneOf = (await kubectl.RunAsync("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.topology\\.kubernetes\\.io/zone}{\"\\n\"}{end}")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var perZone = (await NodesOfAsync("app=zonal")).GroupBy(n => zoneOf[n]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perZone.Count);
        Assert.All(perZone.Values, count => Assert.Equal(2, count));

        // Six replicas against --max=5: the autoscaler brings the Deployment down to its maximum.
        var autoscale = await kubectl.RunAsync("autoscale", "deployment", "zonal", "--cpu-percent=50", "--min=1", "--max=5");
        Assert.True(autoscale.ExitCode == 0, autoscale.ToString());
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "deployment", "zonal", "-o", "jsonpath={.spec.replicas}")).Stdout == "5");
        Assert.Equal("5", (await kubectl.RunAsync("get", "deployment", "zonal", "-o", "jsonpath={.spec.replicas}")).Stdout);
        var hpa = await kubectl.RunAsync("get", "hpa", "zonal");
        var lines = hpa.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$", lines[0]);
        Assert.Matches(@"^zonal\s+Deployment/zonal\s+cpu: <unknown>/50%\s+1\s+5\s+[56]\s+\S+$", lines[1]);
        var events = await kubectl.RunAsync("get", "events", "--field-selector", "reason=SuccessfulRescale", "-o", "jsonpath={.items[*].message}");
        Assert.Contains("New size: 5; reason: Current number of replicas above Spec.MaxReplicas", events.Stdout, StringComparison.Ordinal);
    }

    private async Task<string[]> NodesOfAsync(string selector) =>
        (await _server.Kubectl.RunAsync("get", "pods", "-l", selector, "-o", "jsonpath={.items[*].spec.nodeName}")).Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);


    private static async Task EventuallyAsync(Func<Task<bool>> check)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await check() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }
    }
}
