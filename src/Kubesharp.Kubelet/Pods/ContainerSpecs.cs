using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Quantities;
using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Pods;

/// <summary>The CRI container config of one pod container, as upstream's kubelet derives it (pure, for tests).</summary>
internal static class ContainerSpecs
{
    /// <summary>Upstream's CFS period (100 ms) and its smallest quota (1 ms).</summary>
    public const long CpuPeriod = 100_000;
    public const long MinCpuQuota = 1_000;
    public const long MinCpuShares = 2;

    public static ContainerSpec Build(PodView pod, JsonObject container, uint attempt, ContainerSetup setup, long nodeMemoryBytes)
    {
        var name = PodView.ContainerName(container);
        var labels = KubeletLabels.ForPod(pod);
        labels[KubeletLabels.ContainerName] = name;
        return new ContainerSpec(name, PodView.Str(container["image"]) ?? "")
        {
            Attempt = attempt,
            Command = Strings(container["command"]),
            Args = Strings(container["args"]),
            WorkingDir = PodView.Str(container["workingDir"]) ?? "",
            Env = setup.Environment,
            Mounts = setup.Mounts,
            Labels = labels,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [KubeletLabels.RestartCount] = attempt.ToString(CultureInfo.InvariantCulture),
                ["io.kubernetes.container.terminationMessagePath"] = PodView.Str(container["terminationMessagePath"]) ?? "/dev/termination-log",
            },
            LogPath = LogPath(name, attempt),
            Resources = Resources(container, PodView.Str(pod.Status["qosClass"]) ?? "BestEffort", nodeMemoryBytes),
            Io = new ContainerIo
            {
                Stdin = Bool(container["stdin"]),
                StdinOnce = Bool(container["stdinOnce"]),
                Tty = Bool(container["tty"]),
            },
        };
    }

    /// <summary>Upstream's layout under the sandbox log directory: &lt;container&gt;/&lt;restartCount&gt;.log.</summary>
    public static string LogPath(string container, uint attempt) => $"{container}/{attempt.ToString(CultureInfo.InvariantCulture)}.log";

    /// <summary>
    /// cgroup settings from requests and limits: shares from the cpu request (2 when none), CFS quota
    /// from the cpu limit, the memory limit, and the QoS class's oom_score_adj (Guaranteed −997,
    /// BestEffort 1000, Burstable scaled by the memory request, as upstream).
    /// </summary>
    internal static ContainerResources Resources(JsonObject container, string qosClass, long nodeMemoryBytes)
    {
        var requests = container["resources"]?["requests"] as JsonObject;
        var limits = container["resources"]?["limits"] as JsonObject;
        var cpuRequest = Quantity.Milli(Quantity.Text(requests?["cpu"]) ?? Quantity.Text(limits?["cpu"]));
        var cpuLimit = Quantity.Milli(Quantity.Text(limits?["cpu"]));
        var memoryLimit = Quantity.Whole(Quantity.Text(limits?["memory"]));
        var memoryRequest = Quantity.Whole(Quantity.Text(requests?["memory"]) ?? Quantity.Text(limits?["memory"]));
        return new ContainerResources
        {
            CpuShares = Math.Max(MinCpuShares, cpuRequest * 1024 / 1000),
            CpuPeriod = cpuLimit > 0 ? CpuPeriod : 0,
            CpuQuota = cpuLimit > 0 ? Math.Max(MinCpuQuota, cpuLimit * CpuPeriod / 1000) : 0,
            MemoryLimitBytes = memoryLimit,
            OomScoreAdj = OomScoreAdj(qosClass, memoryRequest, nodeMemoryBytes),
        };
    }

    internal static long OomScoreAdj(string qosClass, long memoryRequest, long nodeMemoryBytes) => qosClass switch
    {
        "Guaranteed" => -997,
        "BestEffort" => 1000,
        _ when nodeMemoryBytes <= 0 => 999,
        _ => Math.Clamp(1000 - (1000 * memoryRequest / nodeMemoryBytes), 2, 999),
    };

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue(out bool b) && b;

    private static List<string> Strings(JsonNode? node) => (node as JsonArray)?.Select(PodView.Str).OfType<string>().ToList() ?? [];
}
