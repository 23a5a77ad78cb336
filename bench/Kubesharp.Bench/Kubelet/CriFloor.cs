using System.Diagnostics;
using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Bench.Kubelet;

/// <summary>
/// The floor of pod start-up: what the runtime alone needs for one pod, straight over CRI with the
/// kubelet's own client: RunPodSandbox (network included), CreateContainer, StartContainer of busybox
/// sleep. No labels the kubelet knows, so its orphan sweep leaves these sandboxes alone.
/// </summary>
internal sealed class CriFloor(IRuntimeService runtime, string logRoot)
{
    private readonly List<string> sandboxes = [];

    /// <summary>Starts one pod and returns how long it took, in milliseconds.</summary>
    public async Task<double> StartOneAsync(string name, CancellationToken cancellationToken)
    {
        var spec = new PodSandboxSpec(name, "cri-floor", Guid.NewGuid().ToString()) { LogDirectory = Path.Combine(logRoot, name), Hostname = name };
        Directory.CreateDirectory(spec.LogDirectory);
        var clock = Stopwatch.StartNew();
        var sandbox = await runtime.RunPodSandboxAsync(spec, cancellationToken);
        sandboxes.Add(sandbox);
        var container = new ContainerSpec("sleep", PodStartupBenchmark.Image) { Command = ["sleep", "3600"], LogPath = "sleep.log" };
        var id = await runtime.CreateContainerAsync(new NewContainer(sandbox, container, spec), cancellationToken);
        await runtime.StartContainerAsync(id, cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Stops and removes every sandbox this floor started (their containers go with them).</summary>
    public async Task RemoveAllAsync(CancellationToken cancellationToken)
    {
        foreach (var id in sandboxes)
        {
            await runtime.StopPodSandboxAsync(id, cancellationToken);
            await runtime.RemovePodSandboxAsync(id, cancellationToken);
        }

        sandboxes.Clear();
    }
}
