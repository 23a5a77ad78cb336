namespace Kubesharp.EndToEnd;

/// <summary>
/// Kinds served in two versions over one storage, with the real kubectl: `kubectl autoscale` then
/// the HPA through autoscaling/v1 and v2; Events written as core/v1 read by `kubectl events`,
/// `kubectl get events` and as events.k8s.io/v1.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlConvertedVersionsTests : IClassFixture<KubesharpServer>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: scaled
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: scaled
          template:
            metadata:
              labels:
                app: scaled
            spec:
              containers:
              - name: web
                image: nginx:1.27
        """;

    private readonly KubesharpServer _server;

    public KubectlConvertedVersionsTests(KubesharpServer server) => _server = server;

    private Kubectl K => _server.Kubectl;

    // kubectl 1.32's autoscale posts an autoscaling/v1 object (targetCPUUtilizationPercentage).
    [Fact]
    public async Task Autoscale_ThenGetHpa_ReadsInBothVersions()
    {
        var ns = await NewNamespaceAsync();
        Assert.Equal(0, (await K.RunWithInputAsync(Deployment, "create", "-n", ns, "-f", "-")).ExitCode);

        var autoscale = await K.RunAsync("autoscale", "deployment", "scaled", "-n", ns, "--cpu-percent=50", "--min=1", "--max=3");
        var table = await K.RunAsync("get", "hpa", "scaled", "-n", ns);
        var v1 = await K.RunAsync("get", "--raw", $"/apis/autoscaling/v1/namespaces/{ns}/horizontalpodautoscalers/scaled");
        var v2 = await K.RunAsync("get", "--raw", $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers/scaled");
        var v1Cpu = await K.RunAsync("get", "horizontalpodautoscalers.v1.autoscaling", "scaled", "-n", ns, "-o", "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}");
        var v2Metric = await K.RunAsync("get", "horizontalpodautoscalers.v2.autoscaling", "scaled", "-n", ns, "-o", "jsonpath={.apiVersion} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.averageUtilization}");

        Assert.True(autoscale.ExitCode == 0, autoscale.ToString());
        Assert.Equal("horizontalpodautoscaler.autoscaling/scaled autoscaled\n", autoscale.Stdout);
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$", lines[0]);
        Assert.Matches(@"^scaled\s+Deployment/scaled\s+cpu: <unknown>/50%\s+1\s+3\s+\d+\s+\S+$", lines[1]);
        Assert.True(v1.ExitCode == 0, v1.ToString());
        Assert.Contains("\"targetCPUUtilizationPercentage\":50", v1.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"metrics\"", v1.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"metrics\":[{\"type\":\"Resource\"", v2.Stdout, StringComparison.Ordinal);
        var v2Object = System.Text.Json.Nodes.JsonNode.Parse(v2.Stdout)!;
        Assert.Null(v2Object["spec"]!["targetCPUUtilizationPercentage"]);
        // The manager wrote autoscaling/v1: its managedFields entry says so in v1's field names, as upstream's.
        var entry = v2Object["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "kubectl-autoscale")!;
        Assert.Equal("autoscaling/v1", (string?)entry["apiVersion"]);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:targetCPUUtilizationPercentage"]);
        Assert.Equal("autoscaling/v1 50", v1Cpu.Stdout);
        Assert.Equal("autoscaling/v2 cpu 50", v2Metric.Stdout);
    }

    [Fact]
    public async Task HpaAppliedAsV1_ReadsAsV2()
    {
        var ns = await NewNamespaceAsync();
        var apply = await K.RunWithInputAsync("""
            apiVersion: autoscaling/v1
            kind: HorizontalPodAutoscaler
            metadata:
              name: old-style
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: scaled
              maxReplicas: 4
              targetCPUUtilizationPercentage: 65
            """, "apply", "-n", ns, "-f", "-");

        var v2 = await K.RunAsync("get", "horizontalpodautoscalers.v2.autoscaling", "old-style", "-n", ns, "-o", "jsonpath={.spec.metrics[0].resource.target.type} {.spec.metrics[0].resource.target.averageUtilization} {.spec.minReplicas}");

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal("Utilization 65 1", v2.Stdout);
    }

    [Fact]
    public async Task CoreEvent_ShowsInKubectlEventsGetEventsAndEventsV1()
    {
        var ns = await NewNamespaceAsync();
        var create = await K.RunWithInputAsync($$"""
            apiVersion: v1
            kind: Event
            metadata:
              name: probe.1
            involvedObject:
              kind: Pod
              name: probe
              namespace: {{ns}}
            reason: Probed
            message: converted across versions
            type: Warning
            source:
              component: e2e
            count: 4
            firstTimestamp: "2026-01-01T00:00:00Z"
            lastTimestamp: "2026-01-01T00:00:00Z"
            """, "create", "-n", ns, "-f", "-");

        var events = await K.RunAsync("events", "-n", ns);
        var get = await K.RunAsync("get", "events", "-n", ns);
        var v1 = await K.RunAsync("get", "events.v1.events.k8s.io", "probe.1", "-n", ns, "-o", "jsonpath={.note}|{.regarding.name}|{.deprecatedCount}|{.deprecatedSource.component}");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.True(events.ExitCode == 0, events.ToString());
        var eventLines = events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$", eventLines[0]);
        Assert.Matches(@"\s+Warning\s+Probed\s+Pod/probe\s+converted across versions$", eventLines[1]);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Matches(@"Warning\s+Probed\s+pod/probe\s+converted across versions", get.Stdout);
        Assert.Equal("converted across versions|probe|4|e2e", v1.Stdout);
    }

    private async Task<string> NewNamespaceAsync()
    {
        var name = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var r = await K.RunAsync("create", "namespace", name);
        Assert.True(r.ExitCode == 0, r.ToString());
        return name;
    }
}
