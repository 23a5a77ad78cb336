using System.Text.Json.Nodes;

namespace Kubesharp.Api.Conversion;

/// <summary>
/// Event between core/v1 (the stored form) and events.k8s.io/v1, with upstream's field mapping:
/// involvedObject↔regarding, message↔note, reportingComponent↔reportingController, and the
/// older API's source, firstTimestamp, lastTimestamp and count as deprecated* fields.
/// </summary>
internal static class EventConversion
{
    // (core/v1 name, events.k8s.io/v1 name), in events.k8s.io/v1's field order.
    private static readonly (string Core, string Events)[] Fields =
    [
        ("eventTime", "eventTime"),
        ("series", "series"),
        ("reportingComponent", "reportingController"),
        ("reportingInstance", "reportingInstance"),
        ("action", "action"),
        ("reason", "reason"),
        ("involvedObject", "regarding"),
        ("related", "related"),
        ("message", "note"),
        ("type", "type"),
        ("source", "deprecatedSource"),
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
    ];

    // core/v1's field order.
    private static readonly string[] CoreOrder =
        ["involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance"];

    public static JsonObject CoreToEvents(JsonObject core)
    {
        var fields = new List<(string, JsonNode?)> { ("kind", "Event"), ("apiVersion", "events.k8s.io/v1"), ("metadata", core["metadata"]) };
        fields.AddRange(Fields.Select(f => (f.Events, Value(core, f.Core))));
        return JsonBuild.Object([.. fields]);
    }

    public static JsonObject EventsToCore(JsonObject events)
    {
        var byCore = Fields.ToDictionary(f => f.Core, f => f.Events, StringComparer.Ordinal);
        var fields = new List<(string, JsonNode?)> { ("kind", "Event"), ("apiVersion", "v1"), ("metadata", events["metadata"]) };
        fields.AddRange(CoreOrder.Select(c => (c, Value(events, byCore[c]))));
        return JsonBuild.Object([.. fields]);
    }

    // Go's zero values the two APIs write without omitempty (core's involvedObject, source, ...)
    // are carried over as they are; null JSON values stay out.
    private static JsonNode? Value(JsonObject obj, string field) => obj[field] is { } v && v.GetValueKind() != System.Text.Json.JsonValueKind.Null ? v : null;
}
