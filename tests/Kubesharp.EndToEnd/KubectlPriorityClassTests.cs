namespace Kubesharp.EndToEnd;

/// <summary>scheduling.k8s.io PriorityClasses with the real kubectl: the built-in classes, `kubectl create priorityclass`, and Priority admission of pods.</summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlPriorityClassTests : IClassFixture<KubesharpServer>
{
    private readonly KubesharpServer _server;

    public KubectlPriorityClassTests(KubesharpServer server) => _server = server;

    private Kubectl K => _server.Kubectl;

    [Fact]
    public async Task GetPriorityClasses_ShowsTheSystemClassesWithUpstreamColumns()
    {
        var get = await K.RunAsync("get", "priorityclasses");
        var shortName = await K.RunAsync("get", "pc", "system-node-critical", "-o", "jsonpath={.value}");
        var resources = await K.RunAsync("api-resources", "--api-group=scheduling.k8s.io");

        Assert.True(get.ExitCode == 0, get.ToString());
        var lines = get.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^system-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^system-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority$"));
        Assert.Equal("2000001000", shortName.Stdout);
        Assert.Matches(@"priorityclasses\s+pc\s+scheduling.k8s.io/v1\s+false\s+PriorityClass", resources.Stdout);
    }

    [Fact]
    public async Task PodNamingAClass_GetsItsPriority_AndAnUnknownClassIsForbidden()
    {
        var ns = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await K.RunAsync("create", "namespace", ns)).ExitCode);
        var className = "e2e-high-" + ns[4..];
        var create = await K.RunAsync("create", "priorityclass", className, "--value=1000", "--preemption-policy=Never", "--description=e2e");
        // nodeName points nowhere, so no kubelet runs these pods.
        var pod = await K.RunWithInputAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: prioritized
            spec:
              nodeName: nowhere
              priorityClassName: {{className}}
              containers:
              - name: c
                image: busybox
            """, "create", "-n", ns, "-f", "-");
        var priority = await K.RunAsync("get", "pod", "prioritized", "-n", ns, "-o", "jsonpath={.spec.priority} {.spec.preemptionPolicy}");
        var unknown = await K.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: orphan
            spec:
              nodeName: nowhere
              priorityClassName: no-such-class
              containers:
              - name: c
                image: busybox
            """, "create", "-n", ns, "-f", "-");
        var changeValue = await K.RunAsync("patch", "priorityclass", className, "--type=merge", "-p", "{\"value\":5}");
        var reserved = await K.RunAsync("create", "priorityclass", "system-mine", "--value=1");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Equal($"priorityclass.scheduling.k8s.io/{className} created\n", create.Stdout);
        Assert.True(pod.ExitCode == 0, pod.ToString());
        Assert.Equal("1000 Never", priority.Stdout);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("pods \"orphan\" is forbidden: no PriorityClass with name no-such-class was found", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, changeValue.ExitCode);
        Assert.Contains("value: Forbidden: may not be changed in an update.", changeValue.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, reserved.ExitCode);
        Assert.Contains("reserved for system use only", reserved.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await K.RunAsync("delete", "namespace", ns, "--wait=false")).ExitCode);
        Assert.Equal(0, (await K.RunAsync("delete", "priorityclass", className)).ExitCode);
    }
}
