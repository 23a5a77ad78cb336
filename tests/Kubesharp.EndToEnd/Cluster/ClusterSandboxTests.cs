using System.Diagnostics;
using Kubesharp.Testing.Polling;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Sandbox;
using Kubesharp.Testing.Server;

namespace Kubesharp.EndToEnd.Cluster;

/// <summary>
/// The whole product as a user meets it: <c>kubesharp up</c> (API server, scheduler, controllers,
/// kubelet on its own containerd, service proxy, DNS) inside a network namespace of the test's own,
/// driven by the real kubectl. Real pods serve real traffic through Services found by DNS; then the
/// cluster is stopped and started again and must come back with the same pods, not new ones.
/// </summary>
[Trait("Category", "Runtime")]
public sealed class ClusterSandboxTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Up_InSandbox_ServicesServeRealPodsByDnsAndSurviveARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Environment.UserName == "root", "needs root (network namespaces, containerd); run the tests as root");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync($"{typeof(ClusterSandboxTests).FullName}.{nameof(Up_InSandbox_ServicesServeRealPodsByDnsAndSurviveARestart)}", TimeSpan.FromMinutes(9), ct);
            return;
        }

        await SandboxLink.AddNodeNicAsync("ks0", ServiceWorkloads.NodeAddress + "/24");
        await using var server = new KubesharpServerProcess("kubesharp-cluster-e2e-") { Command = "up" };
        await server.StartAsync();
        var kubectl = new Kubectl(server.KubeconfigPath);
        try
        {
            await WaitForOutputAsync(server, "cluster ready", 1, ct);
            Assert.Contains("export KUBECONFIG=" + server.KubeconfigPath, server.Output, StringComparison.Ordinal);
            await Ok(kubectl, "wait", "--for=condition=Ready", "node", "--all", "--timeout=60s");
            Assert.Equal(ServiceWorkloads.NodeAddress, (await Ok(kubectl, "get", "nodes", "-o", "jsonpath={.items[0].status.addresses[?(@.type==\"InternalIP\")].address}")).Trim());

            await Ok(kubectl, [], ServiceWorkloads.Manifest, "apply", "-f", "-");
            await Ok(kubectl, "rollout", "status", "deployment/web", "--timeout=90s");
            await Ok(kubectl, "rollout", "status", "statefulset/db", "--timeout=90s");
            await Ok(kubectl, "wait", "--for=condition=Ready", "pod/client", "--timeout=90s");
            var webPods = Words(await Ok(kubectl, "get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}"));
            Assert.Equal(3, webPods.Count);

            // ClusterIP by DNS name: 300 requests from a pod reach every one of the 3 backends.
            var answers = Lines(await Exec(kubectl, "for i in $(seq 300); do wget -qO- http://web.default.svc.cluster.local/; done"));
            Assert.Equal(300, answers.Count);
            Assert.Equal(webPods.Order(StringComparer.Ordinal), answers.Distinct().Order(StringComparer.Ordinal));

            // NodePort on the node's address, and the LoadBalancer's ingress address, from the node itself.
            Assert.Contains(await HttpGetAsync($"http://{ServiceWorkloads.NodeAddress}:{ServiceWorkloads.NodePort}/", ct), webPods);
            await Eventually(async () => (await Ok(kubectl, "get", "service", "web-lb", "-o", "jsonpath={.status.loadBalancer.ingress[*].ip}")).Trim() == ServiceWorkloads.NodeAddress, ct);
            Assert.Contains(await HttpGetAsync($"http://{ServiceWorkloads.NodeAddress}:{ServiceWorkloads.LoadBalancerPort}/", ct), webPods);

            // Bad input through kubectl: a NodePort outside the range, one already taken, a ClusterIP in use.
            var webIp = (await Ok(kubectl, "get", "service", "web", "-o", "jsonpath={.spec.clusterIP}")).Trim();
            Assert.Contains("The range of valid ports is 30000-32767", await Refused(kubectl, "create", "service", "nodeport", "bad-range", "--tcp=80:8080", "--node-port=29999"), StringComparison.Ordinal);
            Assert.Contains("provided port is already allocated", await Refused(kubectl, "create", "service", "nodeport", "bad-taken", "--tcp=80:8080", $"--node-port={ServiceWorkloads.NodePort}"), StringComparison.Ordinal);
            Assert.Contains("provided IP is already allocated", await Refused(kubectl, "create", "service", "clusterip", "bad-ip", "--tcp=80:8080", $"--clusterip={webIp}"), StringComparison.Ordinal);

            // Headless Service → the pods' own addresses; StatefulSet pods by name; ExternalName → CNAME.
            var db0 = (await Ok(kubectl, "get", "pod", "db-0", "-o", "jsonpath={.status.podIP}")).Trim();
            var db1 = (await Ok(kubectl, "get", "pod", "db-1", "-o", "jsonpath={.status.podIP}")).Trim();
            var headless = await Exec(kubectl, "nslookup db.default.svc.cluster.local");
            Assert.Contains("Address: " + db0, headless, StringComparison.Ordinal);
            Assert.Contains("Address: " + db1, headless, StringComparison.Ordinal);
            Assert.Contains("Address: " + db0, await Exec(kubectl, "nslookup db-0.db.default.svc.cluster.local"), StringComparison.Ordinal);
            Assert.Contains("canonical name = example.com", await Exec(kubectl, "nslookup -type=cname ext.default.svc.cluster.local"), StringComparison.Ordinal);

            // Pods reach the API server through the kubernetes Service (its endpoint is the advertised node address).
            Assert.Contains(ServiceWorkloads.NodeAddress, await Ok(kubectl, "get", "endpointslice", "kubernetes", "-o", "jsonpath={.endpoints[*].addresses[*]}"), StringComparison.Ordinal);
            await Eventually(async () => (await Exec(kubectl, "echo | nc -w 2 10.43.0.1 443 >/dev/null && echo open || true")).Trim() == "open", ct);

            // A selector-less Service serves whatever its hand-written Endpoints name (mirrored into a slice).
            await Ok(kubectl, [], ServiceWorkloads.ManualEndpoints(db0), "apply", "-f", "-");
            await Eventually(async () => (await Exec(kubectl, "wget -qO- http://manual/ || true")).Trim() == "db-0", ct);

            // Scale to 1: once its EndpointSlice says so, no request reaches a removed pod.
            await Ok(kubectl, "scale", "deployment/web", "--replicas=1");
            await Eventually(async () => Words(await Ok(kubectl, "get", "endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "jsonpath={.items[*].endpoints[*].addresses[0]}")).Count == 1, ct);
            var survivor = Words(await Ok(kubectl, "get", "pods", "-l", "app=web", "--field-selector=status.phase=Running", "-o", "jsonpath={.items[*].metadata.name}"));
            await Eventually(async () => Lines(await Exec(kubectl, "for i in $(seq 50); do wget -qO- http://web/; done")).All(a => survivor.Contains(a)), ct);

            // Hairpin: the one backend left reaches its own Service (the reply must come back through the proxy).
            var self = Assert.Single(survivor);
            Assert.Equal(Enumerable.Repeat(self, 5), Lines(await Ok(kubectl, "exec", self, "--", "sh", "-c", "for i in 1 2 3 4 5; do wget -qO- http://web/; done")));

            // Stop as Ctrl-C does, start again: the same pods (uid, no restarts), one node, traffic still served.
            var before = await PodIdentitiesAsync(kubectl);
            await server.StopGracefullyAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, server.LastExitCode);
            await server.StartAsync();
            await WaitForOutputAsync(server, "cluster ready", 2, ct);
            await Ok(kubectl, "wait", "--for=condition=Ready", "node", "--all", "--timeout=60s");
            Assert.Single(Words(await Ok(kubectl, "get", "nodes", "-o", "jsonpath={.items[*].metadata.name}")));
            await Eventually(async () => await PodIdentitiesAsync(kubectl) == before, ct);
            await Eventually(async () => survivor.Contains((await Exec(kubectl, "wget -qO- http://web/ || true")).Trim()), ct);

            // Deleting the Services removes their rules from the proxy's own table.
            var addresses = Words(await Ok(kubectl, "get", "service", "web", "web-np", "web-lb", "-o", "jsonpath={.items[*].spec.clusterIP}"));
            Assert.Equal(3, addresses.Count);
            string[] gone = [.. addresses.Select(a => a + " . tcp . "), $"tcp . {ServiceWorkloads.NodePort}", $"{ServiceWorkloads.NodeAddress} . tcp . {ServiceWorkloads.LoadBalancerPort}"];
            Assert.Contains(gone[0], await Nft("list", "table", "ip", "kubesharp"), StringComparison.Ordinal);
            await Ok(kubectl, "delete", "service", "web", "web-np", "web-lb");
            await Eventually(async () => await Nft("list", "table", "ip", "kubesharp") is var table && !gone.Any(g => table.Contains(g, StringComparison.Ordinal)), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var state = await kubectl.RunAsync(["get", "pods,endpointslices,nodes,services", "-o", "wide"], null, Long);
            var log = server.Output.Split('\n');

            // Which half failed when a Service does not answer: the name (DNS) or the address (proxy rules).
            var probe = await kubectl.RunAsync(["exec", "client", "--", "sh", "-c", "cat /etc/resolv.conf; nslookup web.default.svc.cluster.local 2>&1; wget -T 5 -qO- http://web/ 2>&1"], null, Long);
            var rules = (await Nft("list", "table", "ip", "kubesharp")).Split('\n');
            throw new InvalidOperationException(
                $"{e.Message}\ncluster:\n{state.Stdout}{state.Stderr}\nfrom the client pod:\n{probe.Stdout}{probe.Stderr}\n" +
                $"proxy table (first 60 lines):\n{string.Join('\n', rules.Take(60))}\nserver log (last 80 lines):\n{string.Join('\n', log.TakeLast(80))}", e);
        }
        finally
        {
            // Containers outlive the server (their shims are not its children): remove them first.
            await kubectl.RunAsync(["delete", "-f", "-", "--ignore-not-found", "--wait=true", "--timeout=90s"], ServiceWorkloads.Manifest, Long);
            await kubectl.RunAsync(["wait", "--for=delete", "pod", "--all", "--timeout=90s"], null, Long);
        }
    }

    private static async Task<string> PodIdentitiesAsync(Kubectl kubectl) =>
        await Ok(kubectl, "get", "pods", "--sort-by=.metadata.name", "-o", "jsonpath={range .items[*]}{.metadata.name}/{.metadata.uid}/{.status.containerStatuses[0].restartCount}{\"\\n\"}{end}");

    private static Task<string> Exec(Kubectl kubectl, string script) => Ok(kubectl, "exec", "client", "--", "sh", "-c", script);

    private static Task<string> Ok(Kubectl kubectl, params string[] args) => Ok(kubectl, args, null);

    private static Task<string> Ok(Kubectl kubectl, string[] prefix, string? stdin, params string[] args) => OkCore(kubectl, [.. prefix, .. args], stdin);

    private static async Task<string> OkCore(Kubectl kubectl, string[] args, string? stdin)
    {
        var result = await kubectl.RunAsync(args, stdin, Long);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)}: {result}");
        return result.Stdout;
    }

    /// <summary>Runs a kubectl command that must fail with 422 Invalid; returns what it printed on stderr.</summary>
    private static async Task<string> Refused(Kubectl kubectl, params string[] args)
    {
        var result = await kubectl.RunAsync(args, null, Long);
        Assert.True(result.ExitCode != 0, $"kubectl {string.Join(' ', args)} should have failed: {result}");
        Assert.Contains("is invalid", result.Stderr, StringComparison.Ordinal);
        return result.Stderr;
    }

    private static async Task<string> Nft(params string[] args)
    {
        var result = await ProcessRun.RunAsync(new ProcessStartInfo("nft", args), null, TimeSpan.FromSeconds(30));
        return result.Stdout;
    }

    private static async Task<string> HttpGetAsync(string url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return (await http.GetStringAsync(new Uri(url), cancellationToken)).Trim();
    }

    /// <summary>Until the server printed a line starting with <paramref name="text"/> <paramref name="times"/> times (its output spans restarts).</summary>
    private static async Task WaitForOutputAsync(KubesharpServerProcess server, string text, int times, CancellationToken cancellationToken) =>
        await Eventually(() => Task.FromResult(server.Output.Split('\n').Count(l => l.StartsWith(text, StringComparison.Ordinal)) >= times), cancellationToken);

    /// <summary>Polls (bounded: 120 s, generous for a loaded CI machine) until the condition holds; then asserts it.</summary>
    private static async Task Eventually(Func<Task<bool>> condition, CancellationToken cancellationToken) =>
        Assert.True(await Poll.UntilAsync(condition, met => met, cancellationToken, seconds: 120), "condition not met within 120 s");

    private static List<string> Words(string text) => [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
