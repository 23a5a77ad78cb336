using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Testing.Polling;

namespace Kubesharp.Kubelet.Tests.Pods;

/// <summary>The checks of <see cref="KubeletPodFeaturesTests"/>, one method per group of features of <see cref="FeaturePods"/>.</summary>
internal sealed class FeatureChecks(KubectlRunner kubectl, IApiClient client, CancellationToken ct)
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");

    public async Task FeaturesPodAsync(string node, string host)
    {
        var pod = await WaitPodAsync("features", p => Condition(p, "Ready") == "True", seconds: 120);
        Assert.True(Condition(pod, "Ready") == "True", pod.ToJsonString());
        foreach (var type in new[] { "PodScheduled", "Initialized", "ContainersReady" })
        {
            Assert.Equal("True", Condition(pod, type));
        }

        Assert.Equal("Running", Phase(pod));
        Assert.True(Container(pod, "main")["started"]!.GetValue<bool>());
        foreach (var init in new[] { "init-one", "init-two" })
        {
            var terminated = Container(pod, init, "initContainerStatuses")["state"]!["terminated"]!;
            Assert.Equal((0, "Completed"), (terminated["exitCode"]!.GetValue<int>(), terminated["reason"]!.GetValue<string>()));
        }

        Assert.Equal("Burstable", pod["status"]!["qosClass"]!.GetValue<string>());
        Assert.Equal("one\ntwo\n", await ExecAsync("features", "main", "cat /work/order"));
        Assert.Equal("started\n", await ExecAsync("features", "main", "cat /work/poststart"));

        var env = (await ExecAsync("features", "main", "env")).Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)).GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
        var backend = await kubectl.RunAsync("get", "service", "backend", "-o", "jsonpath={.spec.clusterIP}");
        Assert.Equal(
            ("prod", "hunter2", "features", pod["status"]!["podIP"]!.GetValue<string>(), node, "64", "mode=prod"),
            (env["MODE"], env["PASSWORD"], env["POD_NAME"], env["POD_IP"], env["NODE"], env["MEM_LIMIT_MI"], env["GREETING"]));
        Assert.Equal((backend, "6379", "tcp://" + backend + ":6379"), (env["BACKEND_SERVICE_HOST"], env["BACKEND_SERVICE_PORT"], env["BACKEND_PORT"]));
        Assert.True(env.ContainsKey("KUBERNETES_SERVICE_HOST"), string.Join(", ", env.Keys));

        Assert.Equal("hello from a configmap", await ExecAsync("features", "main", "cat /etc/config/greeting.txt"));
        Assert.Equal("hunter2", await ExecAsync("features", "main", "cat /etc/secret/password"));
        var labels = await ExecAsync("features", "main", "cat /etc/podinfo/labels");
        Assert.Contains("app=\"features\"", labels, StringComparison.Ordinal);
        Assert.Equal("250", await ExecAsync("features", "main", "cat /etc/podinfo/cpu_limit"));
        Assert.Equal(3, (await ExecAsync("features", "main", "cat /var/run/secrets/tokens/token")).Split('.').Length);
        Assert.Equal("default", await ExecAsync("features", "main", "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace"));
        Assert.Contains(" /mem tmpfs ", await ExecAsync("features", "main", "grep ' /mem ' /proc/mounts"), StringComparison.Ordinal);
        await ExecAsync("features", "main", "echo from the pod > /host/hello");
        Assert.Equal("from the pod\n", await File.ReadAllTextAsync(Path.Combine(host, "hello"), ct));

        // Limits reach the container's cgroup (v1 files here; v2 names on a unified host).
        var memory = await ExecAsync("features", "main", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max");
        Assert.Equal("67108864", memory.Trim());
        var cpu = await ExecAsync("features", "main", "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cat /sys/fs/cgroup/cpu.max");
        Assert.StartsWith("25000", cpu.Trim(), StringComparison.Ordinal);
    }

    public async Task NodeAsync(string node)
    {
        var status = JsonNode.Parse(await kubectl.RunAsync("get", "node", node, "-o", "json"))!["status"]!;
        Assert.Equal("True", (status["conditions"] as JsonArray)!.Single(c => c!["type"]!.GetValue<string>() == "Ready")!["status"]!.GetValue<string>());
        foreach (var resource in new[] { "cpu", "memory", "pods", "ephemeral-storage" })
        {
            Assert.NotNull(status["capacity"]![resource]);
            Assert.NotNull(status["allocatable"]![resource]);
        }

        var addresses = (status["addresses"] as JsonArray)!.Select(a => a!["type"]!.GetValue<string>()).ToList();
        Assert.Contains("InternalIP", addresses);
        Assert.Contains("Hostname", addresses);
        Assert.NotEmpty((status["images"] as JsonArray)!);
        var lease = JsonNode.Parse(await kubectl.RunAsync("get", "lease", node, "-n", "kube-node-lease", "-o", "json"))!["spec"]!;
        Assert.Equal(node, lease["holderIdentity"]!.GetValue<string>());
        var renewed = DateTimeOffset.Parse(lease["renewTime"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.True(DateTimeOffset.UtcNow - renewed < TimeSpan.FromSeconds(60), $"lease renewed at {renewed:O}");
    }

    /// <summary>exec with a terminal and attach, on a pod the kubelet runs itself (the streaming tests cover the rest).</summary>
    public async Task TerminalAndAttachAsync(string kubeconfig)
    {
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["HOME"] = Path.Combine(Path.GetDirectoryName(kubeconfig)!, "kubectl-home");
        foreach (var arg in new[] { "-qec", "/usr/bin/kubectl exec -it talker -- sh -c 'test -t 0 && echo has-tty; exit 5'", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        var tty = await Testing.Processes.ProcessRun.RunAsync(start, null, TimeSpan.FromSeconds(60));
        Assert.Contains("has-tty", tty.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, tty.ExitCode);

        var attach = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        attach.Environment["KUBECONFIG"] = kubeconfig;
        attach.Environment["HOME"] = start.Environment["HOME"];
        foreach (var arg in new[] { "attach", "talker" })
        {
            attach.ArgumentList.Add(arg);
        }

        using var process = Process.Start(attach) ?? throw new InvalidOperationException("kubectl attach did not start");
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(TimeSpan.FromSeconds(30));
            var line = await process.StandardOutput.ReadLineAsync(bounded.Token);
            Assert.True(line?.StartsWith("talk ", StringComparison.Ordinal), $"attach printed: {line} {(process.HasExited ? await process.StandardError.ReadToEndAsync(ct) : "")}");
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async Task ProbesAsync()
    {
        var web = await WaitPodAsync("web", p => Condition(p, "Ready") == "True");
        Assert.Equal("True", Condition(web, "Ready"));
        var grpcOk = await WaitPodAsync("grpc-ok", p => Condition(p, "Ready") == "True");
        Assert.Equal("True", Condition(grpcOk, "Ready"));

        var unhealthy = await WaitPodAsync("unhealthy", p => RestartCount(p, "app") >= 1);
        Assert.True(RestartCount(unhealthy, "app") >= 1, unhealthy.ToJsonString());
        var events = await EventsAsync("unhealthy");
        Assert.Contains("Liveness probe failed: Get \"http://", events, StringComparison.Ordinal);
        Assert.Contains("Container app failed liveness probe, will be restarted", events, StringComparison.Ordinal);

        var sick = await WaitPodAsync("grpc-sick", p => RestartCount(p, "app") >= 1);
        Assert.True(RestartCount(sick, "app") >= 1, sick.ToJsonString());
        Assert.NotEqual("True", Condition(sick, "Ready"));
        Assert.Contains("probe failed: service unhealthy (responded with \"NOT_SERVING\")", await EventsAsync("grpc-sick"), StringComparison.Ordinal);

        // The healthy ones were not restarted meanwhile.
        Assert.Equal((0, 0), (RestartCount(await GetAsync("web"), "web"), RestartCount(await GetAsync("grpc-ok"), "app")));
    }

    public async Task PhasesAsync()
    {
        var ok = await WaitPodAsync("done-ok", p => Phase(p) == "Succeeded");
        Assert.Equal("Succeeded", Phase(ok));
        Assert.Equal("Completed", Container(ok, "app")["state"]!["terminated"]!["reason"]!.GetValue<string>());
        var fail = await WaitPodAsync("done-fail", p => Phase(p) == "Failed");
        Assert.Equal("Failed", Phase(fail));
        var terminated = Container(fail, "app")["state"]!["terminated"]!;
        Assert.Equal((1, "Error"), (terminated["exitCode"]!.GetValue<int>(), terminated["reason"]!.GetValue<string>()));
        Assert.Equal(0, RestartCount(fail, "app"));
        var retried = await WaitPodAsync("on-failure", p => Phase(p) == "Succeeded");
        Assert.Equal(("Succeeded", 1), (Phase(retried), RestartCount(retried, "app")));
    }

    public async Task HostNetworkAsync()
    {
        var pod = await WaitPodAsync("hostnet", p => Phase(p) == "Running");
        Assert.Equal(pod["status"]!["hostIP"]!.GetValue<string>(), pod["status"]!["podIP"]!.GetValue<string>());
        var inPod = Interfaces(await ExecAsync("hostnet", "app", "cat /proc/net/dev"));
        var onNode = Interfaces(await File.ReadAllTextAsync("/proc/net/dev", ct));
        Assert.Contains(inPod, onNode.Contains); // the node's interfaces (bridge, veths), not a pod's eth0 of its own
        Assert.True(inPod.Count > 2, string.Join(",", inPod));
        var features = Interfaces(await ExecAsync("features", "main", "cat /proc/net/dev"));
        Assert.Equal(["eth0", "lo"], features.Order(StringComparer.Ordinal));
    }

    public async Task ImagesAsync()
    {
        foreach (var name in new[] { "folder", "cli-imported", "offline" })
        {
            var pod = await WaitPodAsync(name, p => Phase(p) == "Running");
            Assert.True(Phase(pod) == "Running", pod.ToJsonString());
        }

        var offline = await kubectl.RunAsync("get", "events", "--field-selector", "involvedObject.name=offline,type=Warning", "-o", "jsonpath={.items[*].reason}: {.items[*].message}");
        Assert.Contains("PullSkippedOffline", offline, StringComparison.Ordinal);
        Assert.Contains("running the copy already on the node", offline, StringComparison.Ordinal);
        var images = await kubectl.RunAsync("get", "nodes", "-o", "jsonpath={.items[0].status.images[*].names}");
        Assert.Contains(FeaturePods.FolderImage, images, StringComparison.Ordinal);
    }

    public async Task LogsAsync()
    {
        await WaitPodAsync("logger", p => Phase(p) == "Running");
        var stamped = await Poll.UntilAsync(() => kubectl.RunAsync("logs", "logger", "-c", "a", "--timestamps"), l => l.Contains(" late\n", StringComparison.Ordinal), ct, seconds: 30);
        var lines = stamped.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToList();
        var early = DateTimeOffset.Parse(lines[0][0], CultureInfo.InvariantCulture);
        var late = DateTimeOffset.Parse(lines[1][0], CultureInfo.InvariantCulture);
        var between = early + (late - early) / 2;
        Assert.Equal("late\n", await kubectl.RunAsync("logs", "logger", "-c", "a", "--since-time=" + between.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)));
        Assert.Equal("early\nlate\n", await kubectl.RunAsync("logs", "logger", "-c", "a", "--since=1h"));
        var quietFor = DateTimeOffset.UtcNow - late;
        if (quietFor < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(TimeSpan.FromSeconds(3) - quietFor, ct);
        }

        Assert.Equal("", await kubectl.RunAsync("logs", "logger", "-c", "a", "--since=2s"));
        Assert.Equal("from b\n", await kubectl.RunAsync("logs", "logger", "-c", "b"));
    }

    public async Task NodeMetricsAsync(string node)
    {
        var metrics = await kubectl.RunAsync("get", "--raw", $"/api/v1/nodes/{node}/proxy/metrics");
        Assert.Contains($"kubelet_node_name{{node=\"{node}\"}} 1\n", metrics, StringComparison.Ordinal);
        var running = metrics.Split('\n').Single(l => l.StartsWith("kubelet_running_pods ", StringComparison.Ordinal));
        Assert.True(int.Parse(running.Split(' ')[1], CultureInfo.InvariantCulture) >= 8, running);
        Assert.Contains("kubelet_running_containers{container_state=\"running\"} ", metrics, StringComparison.Ordinal);

        var top = await Poll.UntilAsync(
            async () => { try { return await kubectl.RunAsync("top", "nodes", "--no-headers"); } catch (Xunit.Sdk.XunitException e) { return e.Message; } },
            t => t.StartsWith(node + " ", StringComparison.Ordinal), ct, seconds: 60);
        var columns = top.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(columns.Length >= 5 && columns[1].EndsWith('m') && columns[3].EndsWith("Mi", StringComparison.Ordinal), top);
    }

    public async Task GracefulTerminationAsync(string host)
    {
        var clock = Stopwatch.StartNew();
        await kubectl.RunAsync(["delete", "pod", "features", "--wait=true"], TimeSpan.FromSeconds(60));
        var gracefulSeconds = clock.Elapsed.TotalSeconds;
        Assert.Equal("prestop\n", await File.ReadAllTextAsync(Path.Combine(host, "prestop"), ct));
        Assert.Equal("term\n", await File.ReadAllTextAsync(Path.Combine(host, "term"), ct));
        Assert.True(gracefulSeconds < 15, $"a container that exits on SIGTERM took {gracefulSeconds:F1} s of its 20 s grace");

        await WaitPodAsync("stubborn", p => Phase(p) == "Running");
        clock.Restart();
        await kubectl.RunAsync(["delete", "pod", "stubborn", "--wait=true"], TimeSpan.FromSeconds(60));
        var killedSeconds = clock.Elapsed.TotalSeconds;
        Assert.True(killedSeconds is >= 3 and < 20, $"a container ignoring SIGTERM with 3 s of grace was gone after {killedSeconds:F1} s");
    }

    /// <summary>Follows a crash-looping pod until its fourth start: waiting messages by restartCount, and seconds from each attempt's end to the next start.</summary>
    public async Task<(Dictionary<int, string> Messages, Dictionary<int, double> Gaps)> WatchBackOffAsync(string name)
    {
        var messages = new Dictionary<int, string>();
        var started = new Dictionary<int, DateTimeOffset>();
        var finished = new Dictionary<int, DateTimeOffset>();
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while (!started.ContainsKey(3) && DateTime.UtcNow < deadline)
        {
            var pod = await GetAsync(name);
            var status = Container(pod, "app");
            var restarts = RestartCount(pod, "app");
            if (status["state"]?["running"]?["startedAt"] is JsonNode runningSince)
            {
                started[restarts] = Time(runningSince);
                if (status["lastState"]?["terminated"]?["finishedAt"] is JsonNode lastEnd)
                {
                    finished.TryAdd(restarts - 1, Time(lastEnd));
                }
            }
            else if (status["lastState"]?["terminated"] is JsonObject last && status["state"]?["waiting"] is JsonObject waiting)
            {
                started.TryAdd(restarts, Time(last["startedAt"]!));
                finished[restarts] = Time(last["finishedAt"]!);
                messages[restarts] = waiting["message"]?.GetValue<string>() ?? "";
            }

            await Task.Delay(200, ct);
        }

        var gaps = started.Where(s => finished.ContainsKey(s.Key - 1)).ToDictionary(s => s.Key, s => (s.Value - finished[s.Key - 1]).TotalSeconds);
        return (messages, gaps);
    }

    public Task<JsonObject> WaitPodAsync(string name, Func<JsonObject, bool> done, int seconds = 90) => Poll.UntilAsync(() => GetAsync(name), done, ct, seconds);

    public static JsonObject Container(JsonObject pod, string name, string list = "containerStatuses") =>
        (pod["status"]?[list] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["name"]?.GetValue<string>() == name) ?? [];

    public static string? Waiting(JsonObject pod, string container) => Container(pod, container)["state"]?["waiting"]?["reason"]?.GetValue<string>();

    private Task<JsonObject> GetAsync(string name) => client.GetAsync(Pods, "default", name, ct);

    private async Task<string> ExecAsync(string pod, string container, string script) =>
        await kubectl.RunAsync("exec", pod, "-c", container, "--", "sh", "-c", script);

    private Task<string> EventsAsync(string pod) =>
        kubectl.RunAsync("get", "events", "--field-selector", $"involvedObject.name={pod}", "-o", "jsonpath={.items[*].message}");

    private static List<string> Interfaces(string procNetDev) =>
        [.. procNetDev.Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim())];

    private static DateTimeOffset Time(JsonNode value) => DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture);

    private static string? Phase(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>();

    private static string? Condition(JsonObject pod, string type) =>
        (pod["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();

    private static int RestartCount(JsonObject pod, string container) => Container(pod, container)["restartCount"]?.GetValue<int>() ?? 0;
}
