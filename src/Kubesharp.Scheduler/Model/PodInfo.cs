using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Model;

/// <summary>What the plugins need of a pod, parsed once per scheduling attempt (and once per pod the cache holds).</summary>
internal sealed record PodInfo(string Key, JsonObject Pod, Resources Requests, IReadOnlyList<HostPort> Ports, IReadOnlyList<Toleration> Tolerations)
{
    public static PodInfo From(string key, JsonObject pod)
    {
        var ports = new List<HostPort>();
        foreach (var container in pod["spec"]?["containers"] as JsonArray ?? [])
        {
            foreach (var port in container?["ports"] as JsonArray ?? [])
            {
                if (port?["hostPort"] is JsonValue hp && hp.TryGetValue<int>(out var hostPort) && hostPort > 0)
                {
                    ports.Add(new HostPort(
                        port["hostIP"]?.GetValue<string>() is { Length: > 0 } ip ? ip : "0.0.0.0",
                        port["protocol"]?.GetValue<string>() ?? "TCP",
                        hostPort));
                }
            }
        }

        var tolerations = (pod["spec"]?["tolerations"] as JsonArray ?? []).OfType<JsonObject>().Select(Toleration.From).ToList();
        var ns = pod["metadata"]?["namespace"]?.GetValue<string>() ?? "default";
        var labels = pod["metadata"]?["labels"] as JsonObject;
        _ = labels?.Count; // materialize the parsed object now: filters read it from several threads at once
        return new PodInfo(key, pod, ResourceReader.PodRequests(pod), ports, tolerations)
        {
            Namespace = ns,
            Labels = labels,
            Affinity = PodAffinity.From(pod, ns, labels),
            NodeConstraints = NodeConstraints.From(pod["spec"] as JsonObject),
            Terminating = pod["metadata"]?["deletionTimestamp"] is not null,
        };
    }

    public const long DefaultMilliCpu = 100;
    public const long DefaultMemory = 200 * 1024 * 1024;

    public string Namespace { get; init; } = "default";

    public JsonObject? Labels { get; init; }

    /// <summary>Pod (anti-)affinity terms; null for the many pods without any.</summary>
    public PodAffinity? Affinity { get; init; }

    public bool Terminating { get; init; }

    /// <summary>spec.nodeName, nodeSelector and node affinity, parsed once for every node the pod is tried on.</summary>
    public NodeConstraints NodeConstraints { get; init; } = NodeConstraints.None;

    public JsonObject? Spec => Pod["spec"] as JsonObject;

    public long NonZeroMilliCpu => Requests.MilliCpu > 0 ? Requests.MilliCpu : DefaultMilliCpu;

    public long NonZeroMemory => Requests.Memory > 0 ? Requests.Memory : DefaultMemory;
}
