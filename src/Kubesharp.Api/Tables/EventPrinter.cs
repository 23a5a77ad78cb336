using System.Text.Json.Nodes;

namespace Kubesharp.Api.Tables;

/// <summary>
/// Events, core/v1 and events.k8s.io/v1 alike: upstream prints both from the internal Event, so
/// the newer kind's fields (regarding, note, deprecated*) are read in place of the older ones.
/// </summary>
internal static class EventPrinter
{
    private static readonly IReadOnlyList<TableColumn> EventColumns =
    [
        Columns.Text("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        Columns.Text("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
        Columns.Text("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        Columns.Text("Object", "The object that this event is about."),
        Columns.Text("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].", 1),
        Columns.Text("Source", "The component reporting this event. Should be a short machine understandable string.", 1),
        Columns.Text("Message", "A human-readable description of the status of this operation."),
        Columns.Text("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
        Columns.Text("Count", "The number of times this event has occurred.", 1),
        new TableColumn("Name", "string", Columns.NameDescription, 1, "name"),
    ];

    public static TablePrinter Core { get; } = new(EventColumns, (o, c) => Cells(o, c, newApi: false));

    public static TablePrinter EventsV1 { get; } = new(EventColumns, (o, c) => Cells(o, c, newApi: true));

    private static JsonNode?[] Cells(JsonObject o, PrintContext c, bool newApi)
    {
        var regarding = newApi ? "regarding" : "involvedObject";
        var firstTime = Json.Time(o, newApi ? "deprecatedFirstTimestamp" : "firstTimestamp");
        var first = firstTime is null ? c.Since(Json.Time(o, "eventTime")) : c.Since(firstTime);
        var lastTime = Json.Time(o, newApi ? "deprecatedLastTimestamp" : "lastTimestamp");
        var last = lastTime is null ? first : c.Since(lastTime);

        var count = Json.Int(o, newApi ? "deprecatedCount" : "count");
        if (Json.At(o, "series") is JsonObject series)
        {
            last = c.Since(Json.Time(series, "lastObservedTime"));
            count = Json.Int(series, "count");
        }
        else if (count == 0)
        {
            // Singleton events don't have a count set in the new API.
            count = 1;
        }

        var kind = Json.Str(o, regarding, "kind").ToLowerInvariant();
        var name = Json.Str(o, regarding, "name");
        var target = name.Length > 0 ? kind + "/" + name : kind;

        var sourcePrefix = newApi ? "deprecatedSource" : "source";
        var component = FirstNonEmpty(Json.Str(o, sourcePrefix, "component"), Json.Str(o, newApi ? "reportingController" : "reportingComponent"));
        var instance = FirstNonEmpty(Json.Str(o, sourcePrefix, "host"), Json.Str(o, "reportingInstance"));
        var source = instance.Length == 0 ? component : component + ", " + instance;

        return
        [
            last, Json.Str(o, "type"), Json.Str(o, "reason"), target, Json.Str(o, regarding, "fieldPath"), source,
            Json.Str(o, newApi ? "note" : "message").Trim(), first, count, Json.Str(o, "metadata", "name"),
        ];
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;
}
