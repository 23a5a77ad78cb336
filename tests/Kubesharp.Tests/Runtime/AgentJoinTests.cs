using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Sandbox;
using Kubesharp.Testing.Server;

namespace Kubesharp.Tests.Runtime;

/// <summary>
/// Two nodes on one machine: <c>kubesharp server</c> (with its local node) in the test's network
/// sandbox and <c>kubesharp agent</c> in a second namespace, linked by a veth pair the test creates
/// (10.99.0.1 ↔ 10.99.0.2, nothing else). Each node has its own data dir and containerd.
/// </summary>
[Trait("Category", "Runtime")]
public sealed class AgentJoinTests
{
    private const string ServerIp = "10.99.0.1";
    private const string AgentIp = "10.99.0.2";

    [Fact]
    public async Task Agent_JoinsWithAToken_PodsOfASpreadDeploymentRunOnBothNodesFromTheirOwnPodCidrsAndSurviveAnAgentRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root (containerd, runc, network namespaces); run the tests as root");
        Assert.SkipUnless(File.Exists("/usr/bin/containerd") && File.Exists("/bin/busybox") && File.Exists("/usr/bin/kubectl"), "containerd, busybox-static or kubectl missing; run scripts/install-deps.sh");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync(
                $"{typeof(AgentJoinTests).FullName}.{nameof(Agent_JoinsWithAToken_PodsOfASpreadDeploymentRunOnBothNodesFromTheirOwnPodCidrsAndSurviveAnAgentRestart)}", TimeSpan.FromMinutes(10), ct);
            return;
        }

        foreach (var command in new[] { "link add ks-srv type veth peer name ks-agt", $"addr add {ServerIp}/24 dev ks-srv", "link set ks-srv up" })
        {
            await RunAsync("ip", command.Split(' '));
        }

        await using var server = new KubesharpServerProcess("kubesharp-join-e2e-");
        // Listening on every address puts the veth address into the serving certificate the agent checks.
        await server.StartAsync("--bind-address", "0.0.0.0", "--node-name", "srv", "--node-ip", ServerIp, "--disable", "dns");
        for (var i = 0; i < 1200 && !server.Output.Contains("kubelet ready", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, ct);
        }

        Assert.Contains("kubelet ready", server.Output, StringComparison.Ordinal);
        var token = (await RunAsync("dotnet", KubesharpServerProcess.ServerDll(), "token", "create", "--data-dir", server.DataDirectory)).Trim();
        var url = $"https://{ServerIp}:{server.Port}";

        await using var agent = await AgentProcess.StartAsync("ks-agt", $"{AgentIp}/24", ["--server", url, "--token", token, "--node-name", "agt", "--node-ip", AgentIp]);
        Assert.True(await agent.WaitForOutputAsync("kubelet ready", TimeSpan.FromMinutes(2), ct), "agent:\n" + agent.Output + "\nserver:\n" + server.Output);
        Assert.Contains("node agt joined", agent.Output, StringComparison.Ordinal);

        Task<ProcessResult> Kubectl(string? stdin, params string[] args) => ProcessRun.RunAsync(KubectlStart.Create(server.KubeconfigPath, args), stdin, TimeSpan.FromSeconds(150));
        try
        {
            var nodesReady = await Kubectl(null, "wait", "--for=condition=Ready", "node/srv", "node/agt", "--timeout=60s");
            Assert.True(nodesReady.ExitCode == 0, nodesReady.Stderr + agent.Output);
            var nodes = JsonNode.Parse((await Kubectl(null, "get", "nodes", "-o", "json")).Stdout)!["items"]!.AsArray()
                .ToDictionary(n => n!["metadata"]!["name"]!.GetValue<string>(), n => n!);
            var cidrs = nodes.ToDictionary(n => n.Key, n => IPNetwork.Parse(n.Value["spec"]!["podCIDR"]!.GetValue<string>()));
            Assert.Equal(["agt", "srv"], cidrs.Keys.Order(StringComparer.Ordinal));
            Assert.NotEqual(cidrs["srv"], cidrs["agt"]);
            Assert.All(cidrs.Values, c => Assert.True(IPNetwork.Parse("10.42.0.0/16").Contains(c.BaseAddress) && c.PrefixLength == 24, c.ToString()));
            Assert.Equal(AgentIp, InternalIp(nodes["agt"]));

            var applied = await Kubectl(SpreadDeployment, "apply", "-f", "-");
            Assert.True(applied.ExitCode == 0, applied.Stderr);
            var rollout = await Kubectl(null, "rollout", "status", "deployment/spread", "--timeout=120s");
            Assert.True(rollout.ExitCode == 0, rollout.Stderr + "\nagent:\n" + agent.Output);

            var pods = JsonNode.Parse((await Kubectl(null, "get", "pods", "-l", "app=spread", "-o", "json")).Stdout)!["items"]!.AsArray();
            Assert.Equal(2, pods.Count);
            var placed = pods.ToDictionary(p => p!["spec"]!["nodeName"]!.GetValue<string>(), p => p!);
            Assert.Equal(["agt", "srv"], placed.Keys.Order(StringComparer.Ordinal));
            foreach (var (node, pod) in placed)
            {
                Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
                var ip = IPAddress.Parse(pod["status"]!["podIP"]!.GetValue<string>());
                Assert.True(cidrs[node].Contains(ip), $"pod on {node} has {ip}, outside the node's {cidrs[node]}");
            }

            // The API server reaches the agent's kubelet across the veth (logs/exec go node-side).
            var agentPod = placed["agt"]["metadata"]!["name"]!.GetValue<string>();
            var exec = await Kubectl(null, "exec", agentPod, "--", "hostname");
            Assert.True(exec.ExitCode == 0, exec.Stderr);
            Assert.Equal(agentPod + "\n", exec.Stdout);

            // Pod to pod across the nodes, both ways: each kubelet routes the other node's podCIDR via its InternalIP.
            foreach (var (from, to) in new[] { ("srv", "agt"), ("agt", "srv") })
            {
                var target = placed[to]["status"]!["podIP"]!.GetValue<string>();
                var fetched = await Kubesharp.Testing.Polling.Poll.UntilAsync(
                    // busybox-static's wget crashes in its resolver; nc speaks the HTTP request itself.
                    () => Kubectl(null, "exec", placed[from]["metadata"]!["name"]!.GetValue<string>(), "--", "sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {target} 80"),
                    r => r.ExitCode == 0 && r.Stdout.Contains("200 OK", StringComparison.Ordinal),
                    ct,
                    seconds: 30);
                Assert.True(fetched.ExitCode == 0, $"{from} → {to} ({target}): {fetched.Stderr}\nagent:\n{agent.Output}");
                Assert.Contains("<h1>kubesharp httpd</h1>", fetched.Stdout, StringComparison.Ordinal); // the node-built httpd image's page
            }

            // Pod-to-pod traffic keeps pod addresses across nodes (only traffic leaving the cluster
            // range is masqueraded): while a connection from the server's pod is open, the agent's
            // pod sees the peer pod's IP, not the server node's.
            var serverPodIp = placed["srv"]["status"]!["podIP"]!.GetValue<string>();
            var agentPodIp = placed["agt"]["status"]!["podIP"]!.GetValue<string>();
            var hold = Kubectl(null, "exec", placed["srv"]["metadata"]!["name"]!.GetValue<string>(), "--", "sh", "-c", $"sleep 8 | nc -w 10 {agentPodIp} 80 >/dev/null 2>&1; true");
            var seen = await Kubesharp.Testing.Polling.Poll.UntilAsync(
                () => Kubectl(null, "exec", agentPod, "--", "sh", "-c", "(netstat -tn 2>/dev/null || busybox netstat -tn) | grep ESTABLISHED || true"),
                r => r.Stdout.Contains($"{agentPodIp}:80 ", StringComparison.Ordinal),
                ct,
                seconds: 20);
            await hold;
            // httpd listens on ::, so netstat prints IPv4-mapped addresses; compare the IPv4 parts.
            var connections = string.Join(' ', seen.Stdout.Replace("::ffff:", string.Empty, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"{agentPodIp}:80 {serverPodIp}:", connections, StringComparison.Ordinal);
            Assert.DoesNotContain($" {ServerIp}:", connections, StringComparison.Ordinal);

            // Restart safety: SIGTERM the agent, start it again on the same data dir. The node keeps
            // its object (same uid, no second Node), stays Ready (the condition never flipped) and
            // adopts its running pod: same uid and container, no restart.
            var agentNode = Node(await Kubectl(null, "get", "node", "agt", "-o", "json"));
            var agentPodBefore = Identity(JsonNode.Parse((await Kubectl(null, "get", "pod", agentPod, "-o", "json")).Stdout)!);
            Assert.Contains("restarts=0", agentPodBefore, StringComparison.Ordinal);
            Assert.Equal(0, await agent.StopAsync(TimeSpan.FromSeconds(60)));
            agent.Restart();
            Assert.True(await agent.WaitForOutputAsync("kubelet ready", 2, TimeSpan.FromMinutes(2), ct), "agent after restart:\n" + agent.Output);
            Assert.Contains("node agt: using the identity from", agent.Output, StringComparison.Ordinal);
            var names = (await Kubectl(null, "get", "nodes", "-o", "jsonpath={.items[*].metadata.name}")).Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["agt", "srv"], names.Order(StringComparer.Ordinal));
            var agentNodeAfter = Node(await Kubectl(null, "get", "node", "agt", "-o", "json"));
            Assert.Equal(agentNode.Uid, agentNodeAfter.Uid);
            Assert.Equal(("True", agentNode.ReadySince), (agentNodeAfter.Ready, agentNodeAfter.ReadySince));
            // Ready means the pod's container was found running again and reported as such.
            var podWait = await Kubectl(null, "wait", "--for=condition=Ready", "pod/" + agentPod, "--timeout=60s");
            Assert.True(podWait.ExitCode == 0, podWait.Stderr + "\nagent:\n" + agent.Output);
            Assert.Equal(agentPodBefore, Identity(JsonNode.Parse((await Kubectl(null, "get", "pod", agentPod, "-o", "json")).Stdout)!));
            var again = await Kubectl(null, "exec", agentPod, "--", "hostname");
            Assert.True(again.ExitCode == 0 && again.Stdout == agentPod + "\n", again.Stderr);
        }
        finally
        {
            // Pod shims are not children of either node: graceful deletes wait until each kubelet removed them.
            await Kubectl(null, "delete", "deployment", "spread", "--ignore-not-found", "--wait=true", "--timeout=60s");
            await Kubectl(null, "delete", "pod", "--all", "--grace-period=1", "--wait=true", "--timeout=90s");
        }
    }

    private const string SpreadDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: spread}
        spec:
          replicas: 2
          selector: {matchLabels: {app: spread}}
          template:
            metadata: {labels: {app: spread}}
            spec:
              terminationGracePeriodSeconds: 1
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - labelSelector: {matchLabels: {app: spread}}
                    topologyKey: kubernetes.io/hostname
              containers:
              - {name: web, image: "docker.io/kubesharp/httpd:latest", imagePullPolicy: IfNotPresent}
        """;

    /// <summary>What must survive a kubelet restart: the pod's uid, its container's id, restart count and start time.</summary>
    private static string Identity(JsonNode pod)
    {
        var container = pod["status"]!["containerStatuses"]![0]!;
        return $"{pod["metadata"]!["uid"]} {container["containerID"]} restarts={container["restartCount"]} started={container["state"]!["running"]?["startedAt"]}";
    }

    private static (string Uid, string Ready, string ReadySince) Node(ProcessResult get)
    {
        Assert.True(get.ExitCode == 0, get.Stderr);
        var node = JsonNode.Parse(get.Stdout)!;
        var ready = node["status"]!["conditions"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == "Ready")!;
        return (node["metadata"]!["uid"]!.GetValue<string>(), ready["status"]!.GetValue<string>(), ready["lastTransitionTime"]!.GetValue<string>());
    }

    private static string InternalIp(JsonNode node) =>
        node["status"]!["addresses"]!.AsArray().First(a => a!["type"]!.GetValue<string>() == "InternalIP")!["address"]!.GetValue<string>();

    private static Task<string> RunAsync(string file, params string[] args) => ProcessRun.SucceedAsync(file, args, TimeSpan.FromSeconds(60));
}
