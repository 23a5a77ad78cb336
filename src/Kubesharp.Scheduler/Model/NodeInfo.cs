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

    /// <summary>
    /// The labels as strings, read once per node change: filters and spreading read them for every
    /// node in every cycle, and each read of a parsed JSON value decodes (and allocates) the string again.
    /// </summary>
    public IReadOnlyDictionary<string, string> LabelValues { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public const string HostnameLabel = "kubernetes.io/hostname";
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    private string? _hostname;
    private string? _zone;

    /// <summary>A label's value, or null when the node does not have it. The two topology keys every pod is spread over by default are read from fields: hashing their long names was most of a spread score.</summary>
    public string? Label(string key) =>
        key.Length == HostnameLabel.Length && key == HostnameLabel ? _hostname
        : key.Length == ZoneLabel.Length && key == ZoneLabel ? _zone
        : LabelValues.GetValueOrDefault(key);

    public bool HasLabel(string key) => Label(key) is not null;

    public Resources Allocatable
    {
        get;
        private set
        {
            field = value;
            Fit = Fit with { AllocatableMilliCpu = value.MilliCpu, AllocatableMemory = value.Memory, AllocatableStorage = value.EphemeralStorage };
        }
    } = Resources.Zero;

    public long AllowedPods { get; private set; }

    public IReadOnlyList<Taint> Taints { get; private set; } = [];

    /// <summary>Whether <see cref="Taints"/> has any: read from the node itself, so the taint filter of an untainted node does not follow a list per node.</summary>
    public bool HasTaints { get; private set; }

    public bool Unschedulable { get; private set; }

    public bool HasNode { get; private set; }

    public Resources Requested
    {
        get;
        set
        {
            field = value;
            Fit = Fit with { RequestedMilliCpu = value.MilliCpu, RequestedMemory = value.Memory, RequestedStorage = value.EphemeralStorage };
        }
    } = Resources.Zero;

    /// <summary>
    /// The amounts NodeResourcesFit compares, copied into the node itself: it reads them for hundreds
    /// of nodes per pod, and following two more objects per node (Requested, Allocatable) was most of its time.
    /// </summary>
    public FitFigures Fit { get; private set; }

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
        var values = new Dictionary<string, string>(Labels.Count, StringComparer.Ordinal);
        foreach (var (key, value) in Labels)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                values[key] = text;
            }
        }

        LabelValues = values;
        _hostname = values.GetValueOrDefault(HostnameLabel);
        _zone = values.GetValueOrDefault(ZoneLabel);
        var allocatable = node?["status"]?["allocatable"] ?? node?["status"]?["capacity"];
        Allocatable = ResourceReader.Read(allocatable);
        AllowedPods = allocatable?["pods"] is { } pods ? Api.Quantities.Quantity.Whole(Api.Quantities.Quantity.Text(pods)) : 110;
        Taints = (node?["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().Select(Taint.From).ToList();
        HasTaints = Taints.Count > 0;
        Unschedulable = node?["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var b) && b;
    }
}
