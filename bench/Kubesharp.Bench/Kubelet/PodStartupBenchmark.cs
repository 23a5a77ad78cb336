using System.Diagnostics;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Bench.Footprint;
using Kubesharp.Bench.Proxy;
using Kubesharp.Bench.Scheduler;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Kubelet;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Testing.Server;

namespace Kubesharp.Bench.Kubelet;

/// <summary>
/// <c>bench/run podstartup [--pods 50]</c>: pod start-up through the whole stack against the raw CRI
/// floor, side by side. Inside a network sandbox, the real <c>kubesharp server</c> (API, scheduler,
/// controllers, kubelet with its own containerd); pods are started one at a time, alternating: a
/// sandbox + busybox sleep straight over that containerd's CRI socket (the floor), then the same pod
/// created through the API server and timed from creation to phase Running as a watch sees it.
/// Alternating keeps both series under the same background load of this shared machine.
/// </summary>
internal sealed class PodStartupBenchmark : IBenchmark
{
    public const string Image = "docker.io/library/busybox:latest";
    private const string Namespace = "default";
    private const int WarmUp = 2;
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType ServiceAccounts = BuiltInResources.Get("", "serviceaccounts");
    private static readonly TimeSpan PodTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);

    public string Name => "podstartup";

    public async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (!Sandbox.IsInside)
        {
            return await Sandbox.RerunInsideAsync(Name, args, TimeSpan.FromMinutes(20), cancellationToken);
        }

        var count = Workloads.Flag(args, "--pods", 50);
        await using var server = new KubesharpServerProcess("kubesharp-podstartup-");
        await server.StartAsync();
        await using var transport = ApiTransports.FromKubeconfig(server.KubeconfigPath);
        var client = ApiClients.Create(transport);
        await WaitForNodeAsync(client, cancellationToken);
        using var cri = CriConnection.Open(KubeletHost.RuntimeSocket(Path.Combine(server.DataDirectory, "kubelet")));
        var floor = new CriFloor(cri.Runtime, Path.Combine(server.DataDirectory, "cri-floor"));
        await using var api = new ApiPodStarts(client, Namespace);
        await api.StartWatchAsync(cancellationToken);
        var floorMs = new List<double>();
        var stackMs = new List<double>();
        (double Kubesharp, double Containerd) idle;
        try
        {
            for (var i = 0; i < WarmUp + count; i++)
            {
                var cri1 = await floor.StartOneAsync($"floor-{i}", cancellationToken);
                var full = await api.StartOneAsync($"pod-{i}", PodTimeout, cancellationToken);
                Console.Error.WriteLine($"  {(i < WarmUp ? "warm-up" : "pod")} {i}: cri {cri1:F0} ms, kubesharp {full:F0} ms (Ready {api.ReadyMs[^1]:F0} ms)");
                if (i >= WarmUp)
                {
                    floorMs.Add(cri1);
                    stackMs.Add(full);
                }
            }

            idle = await IdleCpuAsync(server.ProcessId, cancellationToken);
            Console.Error.WriteLine($"with {2 * (WarmUp + count)} pods running, idle CPU: kubesharp {idle.Kubesharp:F1} %, containerd {idle.Containerd:F1} % of a core");
        }
        finally
        {
            Console.Error.WriteLine("deleting the pods");
            await api.DeleteAllAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
            await floor.RemoveAllAsync(CancellationToken.None);
            var left = await cri.Runtime.ListPodSandboxAsync(PodSandboxFilter.All, CancellationToken.None);
            if (left.Count > 0)
            {
                Console.Error.WriteLine($"warning: {left.Count} sandboxes left in containerd");
            }
        }

        floorMs.Sort();
        stackMs.Sort();
        var binds = api.BindMs.Skip(WarmUp).Order().ToList();
        var ready = api.ReadyMs.Skip(WarmUp).Order().ToList();
        Console.Error.WriteLine($"cri floor p50 {Percentile(floorMs, 0.5):F0} ms p99 {Percentile(floorMs, 0.99):F0} ms; "
            + $"kubesharp p50 {Percentile(stackMs, 0.5):F0} ms p99 {Percentile(stackMs, 0.99):F0} ms; bound p50 {Percentile(binds, 0.5):F0} ms; Ready p50 {Percentile(ready, 0.5):F0} ms");
        return
        [
            new("pods", stackMs.Count),
            new("startup_p50_ms", Percentile(stackMs, 0.50)),
            new("startup_p99_ms", Percentile(stackMs, 0.99)),
            new("cri_floor_p50_ms", Percentile(floorMs, 0.50)),
            new("cri_floor_p99_ms", Percentile(floorMs, 0.99)),
            new("ratio_vs_cri", Percentile(stackMs, 0.50) / Math.Max(1, Percentile(floorMs, 0.50))),
            new("bind_p50_ms", Percentile(binds, 0.50)),
            new("ready_p50_ms", Percentile(ready, 0.50)),
            new("ready_p99_ms", Percentile(ready, 0.99)),
            new("idle_cpu_pct_kubesharp", idle.Kubesharp),
            new("idle_cpu_pct_containerd", idle.Containerd),
        ];
    }

    /// <summary>
    /// What the node costs in the background once the pods run (resyncs, heartbeats, informers):
    /// CPU of the server process and of its containerd over <see cref="IdleWindow"/>, in % of one core.
    /// </summary>
    private static async Task<(double Kubesharp, double Containerd)> IdleCpuAsync(int serverPid, CancellationToken cancellationToken)
    {
        var containerd = ProcessMemory.Tree(serverPid).FirstOrDefault(p => ProcessMemory.Name(p) == "containerd");
        var server0 = ProcessCpu.Seconds(serverPid);
        var containerd0 = containerd == 0 ? 0 : ProcessCpu.Seconds(containerd);
        await Task.Delay(IdleWindow, cancellationToken);
        var percent = 100 / IdleWindow.TotalSeconds;
        return ((ProcessCpu.Seconds(serverPid) - server0) * percent, containerd == 0 ? 0 : (ProcessCpu.Seconds(containerd) - containerd0) * percent);
    }

    /// <summary>The kubelet's node Ready and the default ServiceAccount made (pods are refused without it), bounded.</summary>
    private static async Task WaitForNodeAsync(IApiClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            var nodes = await client.ListAsync(Nodes, null, new ListRequest(), cancellationToken);
            var ready = nodes["items"]!.AsArray().Any(n => n?["status"]?["conditions"] is JsonArray c
                && c.Any(x => x?["type"]?.GetValue<string>() == "Ready" && x["status"]?.GetValue<string>() == "True"));
            if (ready && await HasDefaultServiceAccountAsync(client, cancellationToken))
            {
                Console.Error.WriteLine($"node Ready after {clock.Elapsed.TotalSeconds:F1} s");
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("the kubelet's node was not Ready within 3 minutes");
    }

    private static async Task<bool> HasDefaultServiceAccountAsync(IApiClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetAsync(ServiceAccounts, Namespace, "default", cancellationToken);
            return true;
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
