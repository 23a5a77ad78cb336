using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Model;

/// <summary>
/// One node as the scheduler sees it: allocatable, what its pods (bound and assumed) request,
/// their host ports, and the node's taints and labels. Kept up to date by the cache.
/// </summary>
internal sealed class NodeInfo(string name)
{
    public string Name { get; } = name;

    public JsonObject Node { get; private set; } = new();

    public JsonObject Labels { get; private set; } = new();

    public Resources Allocatable { get; private set; } = Resources.Zero;

    public long AllowedPods { get; private set; }

    public IReadOnlyList<Taint> Taints { get; private set; } = [];

    public bool Unschedulable { get; private set; }

    public bool HasNode { get; private set; }

    public Resources Requested { get; set; } = Resources.Zero;

    public int PodCount { get; set; }

    /// <summary>Requests as scoring counts them: a pod without CPU or memory requests counts the defaults (upstream's NonZeroRequested).</summary>
    public long NonZeroMilliCpu { get; set; }

    public long NonZeroMemory { get; set; }

    public List<HostPort> Ports { get; } = [];

    /// <summary>The pods on this node (bound and assumed), by key.</summary>
    public Dictionary<string, PodInfo> Pods { get; } = new(StringComparer.Ordinal);

    public void SetNode(JsonObject? node)
    {
        HasNode = node is not null;
        Node = node ?? new JsonObject();
        Labels = node?["metadata"]?["labels"] as JsonObject ?? new JsonObject();
        _ = Labels.Count; // materialize the parsed object now: filters read it from several threads at once
        var allocatable = node?["status"]?["allocatable"] ?? node?["status"]?["capacity"];
        Allocatable = ResourceReader.Read(allocatable);
        AllowedPods = allocatable?["pods"] is { } pods ? Api.Quantities.Quantity.Whole(Api.Quantities.Quantity.Text(pods)) : 110;
        Taints = (node?["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().Select(Taint.From).ToList();
        Unschedulable = node?["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var b) && b;
    }
}
