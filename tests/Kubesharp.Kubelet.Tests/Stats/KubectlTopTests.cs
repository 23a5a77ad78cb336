using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Tests.Pods;
using Kubesharp.Testing.Polling;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Sandbox;
using Kubesharp.Testing.Server;

namespace Kubesharp.Kubelet.Tests.Stats;

/// <summary>
/// The real <c>kubesharp server</c> with its kubelet and containerd in a network sandbox: a pod that
/// uses some CPU and memory shows both in <c>kubectl top pods</c> (metrics.k8s.io fed by the kubelet's
/// CRI stats), and the kubelet's stats endpoints answer through the API server's nodes/proxy.
/// </summary>
[Trait("Category", "Runtime")]
public sealed class KubectlTopTests
{
    // Holds a 4 MB shell variable and burns a little CPU between naps, so neither figure rounds to zero.
    private const string Busy = "x=$(head -c 4000000 /dev/zero | tr '\\000' a); while true; do i=0; while [ $i -lt 300 ]; do i=$((i+1)); done; sleep 0.5; done";

    [Fact]
    public async Task Server_InSandbox_TopPodsShowsUsageAndNodeProxyReachesTheKubelet()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root (containerd, runc, network namespaces); run the tests as root");
        Assert.SkipUnless(File.Exists("/usr/bin/containerd") && File.Exists("/bin/busybox"), "containerd or busybox-static missing; run scripts/install-deps.sh");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync(
                $"{typeof(KubectlTopTests).FullName}.{nameof(Server_InSandbox_TopPodsShowsUsageAndNodeProxyReachesTheKubelet)}", TimeSpan.FromMinutes(6), ct);
            return;
        }

        await using var server = new KubesharpServerProcess("kubesharp-top-");
        await server.StartAsync("--disable", "proxy,dns");
        var kubectl = new KubectlRunner(server.KubeconfigPath);
        await Poll.UntilAsync(() => Task.FromResult(server.Output), o => o.Contains("kubelet ready", StringComparison.Ordinal), ct, seconds: 120);
        await kubectl.RunAsync("run", "busy", "--image=busybox", "--image-pull-policy=IfNotPresent", "--", "sh", "-c", Busy);
        var passed = false;
        try
        {
            var phase = await Poll.UntilAsync(() => kubectl.RunAsync("get", "pod", "busy", "-o", "jsonpath={.status.phase}"), p => p == "Running", ct, seconds: 90);
            Assert.Equal("Running", phase);
            var node = await kubectl.RunAsync("get", "pod", "busy", "-o", "jsonpath={.spec.nodeName}");

            var summary = JsonNode.Parse(await kubectl.RunAsync("get", "--raw", $"/api/v1/nodes/{node}/proxy/stats/summary"))!;
            Assert.Equal(node, summary["node"]!["nodeName"]!.GetValue<string>());
            Assert.Contains(summary["pods"]!.AsArray(), p => p!["podRef"]!["name"]!.GetValue<string>() == "busy");
            var metrics = await kubectl.RunAsync("get", "--raw", $"/api/v1/nodes/{node}/proxy/metrics/resource");
            Assert.Contains("container_cpu_usage_seconds_total{container=\"busy\",namespace=\"default\",pod=\"busy\"}", metrics, StringComparison.Ordinal);
            var missing = await KubectlAsync(server.KubeconfigPath, "get", "--raw", "/api/v1/nodes/no-such-node/proxy/stats/summary");
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("NotFound", missing.Stderr, StringComparison.Ordinal);

            // The first reading needs two samples for a rate; metrics are per scrape, so poll.
            var top = await Poll.UntilAsync(() => TopAsync(server.KubeconfigPath), t => t.MilliCores > 0 && t.MemoryMi > 0, ct, seconds: 90);
            Assert.True(top.MilliCores > 0, $"kubectl top pods: {top.Line}");
            Assert.True(top.MemoryMi > 0, $"kubectl top pods: {top.Line}");
            passed = true;
        }
        finally
        {
            if (!passed)
            {
                Console.WriteLine(server.Output[^Math.Min(server.Output.Length, 20000)..]);
            }

            // Pod shims are not children of the server: the kubelet removes the pod before the server stops.
            await kubectl.RunAsync(["delete", "pod", "busy", "--grace-period=1", "--wait=true"], TimeSpan.FromSeconds(90));
        }
    }

    /// <summary>The pod's row of <c>kubectl top pods</c> (e.g. "busy   3m   4Mi"); zeros while metrics are not there yet.</summary>
    private static async Task<(int MilliCores, int MemoryMi, string Line)> TopAsync(string kubeconfig)
    {
        var top = await KubectlAsync(kubeconfig, "top", "pods", "--no-headers");
        var line = top.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("busy ", StringComparison.Ordinal)) ?? "";
        var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return columns.Length >= 3
            && int.TryParse(columns[1].TrimEnd('m'), NumberStyles.None, CultureInfo.InvariantCulture, out var cpu)
            && int.TryParse(columns[2].Replace("Mi", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var memory)
            ? (cpu, memory, line)
            : (0, 0, line + top.Stderr);
    }

    /// <summary>kubectl whose failure is part of what is checked (<see cref="KubectlRunner"/> fails the test on one).</summary>
    private static Task<ProcessResult> KubectlAsync(string kubeconfig, params string[] args) =>
        ProcessRun.RunAsync(KubectlStart.Create(kubeconfig, args), null, TimeSpan.FromSeconds(30));
}
