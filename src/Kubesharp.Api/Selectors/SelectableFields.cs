using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Selectors;

/// <summary>
/// Which fields each kind can be selected on and how their values are read, as upstream's
/// per-kind GetAttrs/ToSelectableFields plus the field label conversion functions (which decide
/// the error message for anything else).
/// </summary>
internal sealed class SelectableFields
{
    private static readonly SelectableFields DefaultNamespaced = new(Meta(namespaced: true), UnsupportedStyle.Default);
    private static readonly Dictionary<(string Group, string Kind), SelectableFields> ByKind = Build();

    private readonly Dictionary<string, Func<JsonObject, string>> _fields;
    private readonly Dictionary<string, string> _aliases;
    private readonly UnsupportedStyle _style;

    private SelectableFields(Dictionary<string, Func<JsonObject, string>> fields, UnsupportedStyle style, Dictionary<string, string>? aliases = null)
    {
        _fields = fields;
        _style = style;
        _aliases = aliases ?? [];
    }

    private enum UnsupportedStyle
    {
        // DefaultMetaV1FieldSelectorConversion: kinds without their own conversion function.
        Default,

        // "field label not supported: x": core kinds with a conversion function, and custom resources.
        NotSupported,

        // batch/v1 Job's own wording.
        Job,
    }

    /// <summary>The fields of a kind; unknown kinds (custom resources) get metadata.name (and namespace if namespaced).</summary>
    public static SelectableFields For(string group, string kind, bool namespaced) =>
        ByKind.TryGetValue((group, kind), out var fields) ? fields
        : kind.Length == 0 || Catalog.BuiltInResources.All.Any(r => r.Group == group && r.Kind == kind)
            ? DefaultNamespaced
            : new SelectableFields(Meta(namespaced), UnsupportedStyle.NotSupported);

    /// <summary>Maps a requested field to the one to match on, or throws upstream's error for an unsupported one.</summary>
    public string Resolve(string field)
    {
        if (_aliases.TryGetValue(field, out var target))
        {
            return target;
        }

        if (_fields.ContainsKey(field))
        {
            return field;
        }

        throw new SelectorException(_style switch
        {
            UnsupportedStyle.Default => $"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
            UnsupportedStyle.Job => $"field label {Validation.GoText.Quote(field)} not supported for batchv1.Job",
            _ => "field label not supported: " + field,
        });
    }

    public string Value(JsonObject obj, string field) => _fields.TryGetValue(field, out var read) ? read(obj) : "";

    private static Dictionary<(string, string), SelectableFields> Build()
    {
        var notSupported = UnsupportedStyle.NotSupported;
        return new()
        {
            [("", "Pod")] = new(With(Meta(true), new()
            {
                ["spec.nodeName"] = o => Str(o, "spec", "nodeName"),
                ["spec.restartPolicy"] = o => Str(o, "spec", "restartPolicy"),
                ["spec.schedulerName"] = o => Str(o, "spec", "schedulerName"),
                ["spec.serviceAccountName"] = o => Str(o, "spec", "serviceAccountName"),
                ["spec.hostNetwork"] = o => Bool(o, "spec", "hostNetwork"),
                ["status.phase"] = o => Str(o, "status", "phase"),
                ["status.podIP"] = PodIP,
                // Accepted by the conversion function but not in the selectable set: matches only "".
                ["status.podIPs"] = _ => "",
                ["status.nominatedNodeName"] = o => Str(o, "status", "nominatedNodeName"),
            }), notSupported, new() { ["spec.host"] = "spec.nodeName" }),
            [("", "Node")] = new(With(Meta(false), new() { ["spec.unschedulable"] = o => Bool(o, "spec", "unschedulable") }), notSupported),
            [("", "Namespace")] = new(With(Meta(false), new() { ["status.phase"] = o => Str(o, "status", "phase") }), notSupported),
            [("", "Secret")] = new(With(Meta(true), new() { ["type"] = o => Str(o, "type") }), notSupported),
            [("", "Service")] = new(With(Meta(true), new()
            {
                ["spec.clusterIP"] = o => Str(o, "spec", "clusterIP"),
                ["spec.type"] = o => Str(o, "spec", "type"),
            }), notSupported),
            [("", "ReplicationController")] = new(With(Meta(true), new() { ["status.replicas"] = o => Int(o, "status", "replicas") }), notSupported),
            [("apps", "ReplicaSet")] = new(With(Meta(true), new() { ["status.replicas"] = o => Int(o, "status", "replicas") }), notSupported),
            [("batch", "Job")] = new(With(Meta(true), new() { ["status.successful"] = o => Int(o, "status", "succeeded") }), UnsupportedStyle.Job),
            [("", "Event")] = new(With(Meta(true), new()
            {
                ["involvedObject.kind"] = o => Str(o, "involvedObject", "kind"),
                ["involvedObject.namespace"] = o => Str(o, "involvedObject", "namespace"),
                ["involvedObject.name"] = o => Str(o, "involvedObject", "name"),
                ["involvedObject.uid"] = o => Str(o, "involvedObject", "uid"),
                ["involvedObject.apiVersion"] = o => Str(o, "involvedObject", "apiVersion"),
                ["involvedObject.resourceVersion"] = o => Str(o, "involvedObject", "resourceVersion"),
                ["involvedObject.fieldPath"] = o => Str(o, "involvedObject", "fieldPath"),
                ["reason"] = o => Str(o, "reason"),
                ["reportingComponent"] = o => Str(o, "reportingComponent"),
                ["source"] = o => Str(o, "source", "component") is { Length: > 0 } component ? component : Str(o, "reportingComponent"),
                ["type"] = o => Str(o, "type"),
            }), notSupported),
        };
    }

    private static Dictionary<string, Func<JsonObject, string>> Meta(bool namespaced)
    {
        var fields = new Dictionary<string, Func<JsonObject, string>>(StringComparer.Ordinal)
        {
            ["metadata.name"] = o => Str(o, "metadata", "name"),
        };
        if (namespaced)
        {
            fields["metadata.namespace"] = o => Str(o, "metadata", "namespace");
        }

        return fields;
    }

    private static Dictionary<string, Func<JsonObject, string>> With(Dictionary<string, Func<JsonObject, string>> fields, Dictionary<string, Func<JsonObject, string>> more)
    {
        foreach (var (key, read) in more)
        {
            fields[key] = read;
        }

        return fields;
    }

    // Upstream reads the first of status.podIPs; objects written before podIPs existed only have podIP.
    private static string PodIP(JsonObject o) =>
        (o["status"] as JsonObject)?["podIPs"] is JsonArray { Count: > 0 } ips && ips[0] is JsonObject first
            ? Str(first, "ip")
            : Str(o, "status", "podIP");

    private static string Str(JsonObject o, params string[] path) =>
        Walk(o, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    private static string Bool(JsonObject o, params string[] path) =>
        Walk(o, path) is JsonValue v && v.GetValueKind() == JsonValueKind.True ? "true" : "false";

    private static string Int(JsonObject o, params string[] path) =>
        Walk(o, path) is JsonValue v && v.TryGetValue<long>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : "0";

    private static JsonNode? Walk(JsonObject o, string[] path)
    {
        JsonNode? node = o;
        foreach (var part in path)
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }
}
