using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Testing.Processes;

namespace Kubesharp.Bench.Footprint;

/// <summary>
/// <c>bench/run footprint</c>: what a newcomer meets. Starts <c>kubesharp up</c> (a whole node,
/// containerd included) inside a network sandbox and measures start → node Ready, start → first
/// successful <c>kubectl get nodes</c>, the process tree's memory after an idle minute (containerd
/// and pod shims reported apart), memory with 100 running pods, and the binary's size.
/// </summary>
internal sealed class FootprintBenchmark : IBenchmark
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly ResourceType Deployments = BuiltInResources.Get("apps", "deployments");

    public string Name => "footprint";

    public async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var options = FootprintOptions.Parse(args, root);
        if (Environment.GetEnvironmentVariable("KUBESHARP_NETNS") != "1")
        {
            return await RunInSandboxAsync(root, options);
        }

        var dataDir = Path.Combine(Path.GetTempPath(), "kubesharp-footprint-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var start = options.Binary.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { options.Binary } } : new ProcessStartInfo(options.Binary);
        foreach (var arg in new[] { "up", "--data-dir", dataDir, "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        using var server = Process.Start(start) ?? throw new InvalidOperationException("could not start kubesharp");
        server.OutputDataReceived += (_, e) => Log(e.Data);
        server.ErrorDataReceived += (_, e) => Log(e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var kubeconfig = Path.Combine(dataDir, "kubeconfig.yaml");
            var kubectl = KubectlOkAsync(kubeconfig, clock, cancellationToken);
            var readyMs = await NodeReadyAsync(kubeconfig, clock, server, cancellationToken);
            var kubectlMs = await kubectl;
            Log($"node Ready after {readyMs} ms, kubectl ok after {kubectlMs} ms; idling {options.IdleSeconds} s");
            await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds), cancellationToken);
            var ours = ProcessMemory.Tree(server.Id).Where(p => !ProcessMemory.Name(p).StartsWith("containerd", StringComparison.Ordinal)).ToList();
            var runtime = ProcessMemory.TreesMentioning(Path.Combine(dataDir, "kubelet", "containerd"));
            var idleRss = ProcessMemory.RssMegabytes(ours.Except(runtime));
            var containerdRss = ProcessMemory.RssMegabytes(runtime);
            Log($"idle: kubesharp {idleRss:F1} MB, containerd + shims {containerdRss:F1} MB");

            await using var transport = ApiTransports.FromKubeconfig(kubeconfig);
            var client = ApiClients.Create(transport);
            var podsStarted = Stopwatch.StartNew();
            await client.CreateAsync(Deployments, "default", Deployment(options.Pods), cancellationToken);
            var running = await AllRunningAsync(client, options.Pods, cancellationToken);
            var podsRss = ProcessMemory.RssMegabytes(ProcessMemory.Tree(server.Id).Except(ProcessMemory.TreesMentioning(Path.Combine(dataDir, "kubelet", "containerd"))));
            Log($"{running}/{options.Pods} pods Running after {podsStarted.Elapsed.TotalSeconds:F1} s; kubesharp {podsRss:F1} MB");
            var binaryMb = new FileInfo(options.Binary).Length / 1048576.0;
            return
            [
                new("ready_ms", readyMs),
                new("kubectl_ok_ms", kubectlMs),
                new("idle_rss_mb", idleRss),
                new("containerd_idle_rss_mb", containerdRss),
                new("rss_after_100_pods_mb", podsRss),
                new("pods_running", running),
                new("binary_mb", binaryMb),
            ];
        }
        finally
        {
            // Pod containers outlive the server (their shims are not its children): remove them first.
            await DeletePodsAsync(Path.Combine(dataDir, "kubeconfig.yaml"));
            await StopAsync(server);
            TryDelete(dataDir);
        }
    }

    /// <summary>Deletes the benchmark's Deployment and waits (bounded: 120 s) until its pods are gone.</summary>
    private static async Task DeletePodsAsync(string kubeconfig)
    {
        if (!File.Exists(kubeconfig))
        {
            return;
        }

        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await using var transport = ApiTransports.FromKubeconfig(kubeconfig);
            var client = ApiClients.Create(transport);
            await client.DeleteAsync(Deployments, "default", "footprint", null, bounded.Token);
            while ((await client.ListAsync(Pods, "default", new ListRequest(), bounded.Token))["items"] is JsonArray { Count: > 0 })
            {
                await Task.Delay(500, bounded.Token);
            }
        }
        catch (Exception e) when (e is ApiException or OperationCanceledException or HttpRequestException)
        {
            Log($"cleanup: pods may be left behind ({e.Message})");
        }
    }

    private static async Task<IReadOnlyList<KeyValuePair<string, double>>> RunInSandboxAsync(string root, FootprintOptions options)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "Kubesharp.Bench.dll");
        var start = new ProcessStartInfo(Path.Combine(root, "scripts", "in-netns.sh"), ["dotnet", self, "footprint", .. options.ToArgs()]);
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not enter the network sandbox");
        string? result = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                result = line;
            }
            else
            {
                Log(line);
            }
        }

        await child.WaitForExitAsync();
        if (result is null)
        {
            throw new InvalidOperationException($"the sandboxed run exited with {child.ExitCode} and no RESULT line");
        }

        return result.Split(' ').Skip(2).Select(kv => kv.Split('=')).Select(kv => new KeyValuePair<string, double>(kv[0], double.Parse(kv[1], CultureInfo.InvariantCulture))).ToList();
    }

    private static async Task<double> NodeReadyAsync(string kubeconfig, Stopwatch clock, Process server, CancellationToken cancellationToken)
    {
        var deadline = TimeSpan.FromMinutes(3);
        while (!File.Exists(kubeconfig))
        {
            Bound(clock, deadline, server, "the kubeconfig");
            await Task.Delay(10, cancellationToken);
        }

        await using var transport = ApiTransports.FromKubeconfig(kubeconfig);
        var client = ApiClients.Create(transport);
        while (true)
        {
            Bound(clock, deadline, server, "a Ready node");
            try
            {
                var nodes = await client.ListAsync(Nodes, null, new ListRequest(), cancellationToken);
                if (nodes["items"]!.AsArray().Any(n => IsReady(n!)))
                {
                    return clock.Elapsed.TotalMilliseconds;
                }
            }
            catch (Exception e) when (e is HttpRequestException or ApiException)
            {
                // not serving yet
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<double> KubectlOkAsync(string kubeconfig, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (File.Exists(kubeconfig))
            {
                var run = await ProcessRun.RunAsync(new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, "get", "nodes", "--request-timeout=5s"]), null, TimeSpan.FromSeconds(20));
                if (run.ExitCode == 0)
                {
                    return clock.Elapsed.TotalMilliseconds;
                }
            }

            await Task.Delay(20, cancellationToken);
        }

        throw new TimeoutException("kubectl get nodes never succeeded within 3 minutes");
    }

    private static async Task<int> AllRunningAsync(IApiClient client, int want, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var running = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            var pods = await client.ListAsync(Pods, "default", new ListRequest { LabelSelector = "app=footprint" }, cancellationToken);
            running = pods["items"]!.AsArray().Count(p => p!["status"]?["phase"]?.GetValue<string>() == "Running");
            if (running >= want)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        return running;
    }

    private static bool IsReady(JsonNode node) =>
        node["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    private static JsonObject Deployment(int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "footprint" },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "footprint" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "footprint" } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "sleep",
                        ["image"] = "docker.io/library/busybox:latest",
                        ["imagePullPolicy"] = "IfNotPresent",
                        ["command"] = new JsonArray("sleep", "3600"),
                    }),
                },
            },
        },
    };

    private static void Bound(Stopwatch clock, TimeSpan deadline, Process server, string what)
    {
        if (server.HasExited)
        {
            throw new InvalidOperationException($"kubesharp up exited with {server.ExitCode} before {what} appeared");
        }

        if (clock.Elapsed > deadline)
        {
            throw new TimeoutException($"no {what} within {deadline.TotalSeconds} s");
        }
    }

    private static async Task StopAsync(Process server)
    {
        if (server.HasExited)
        {
            return;
        }

        _ = Kill(server.Id, 15);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await server.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill(entireProcessTree: true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Kubesharp.slnx")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("run from inside the repository");
        }

        return dir;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // pod mounts may linger briefly; the temp dir is reclaimed later
        }
    }

    private static void Log(string? line)
    {
        if (line is not null)
        {
            Console.Error.WriteLine(line);
        }
    }
}
