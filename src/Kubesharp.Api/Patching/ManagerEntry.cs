using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>One metadata.managedFields entry: who (manager, operation, apiVersion, subresource), when, and which fields.</summary>
internal sealed record ManagerEntry(string Manager, string Operation, string? ApiVersion, string? Time, string? Subresource, FieldSet Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    /// <summary>Upstream's manager identity: appliers are one entry per manager, updaters one per manager and apiVersion.</summary>
    public string Identity => $"{Manager}\n{Operation}\n{(Operation == Apply ? "" : ApiVersion)}\n{Subresource}";

    /// <summary>How upstream names a manager in conflict messages.</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (!string.IsNullOrEmpty(Subresource))
        {
            text += $" with subresource \"{Subresource}\"";
        }

        if (Operation == Update)
        {
            text += $" using {ApiVersion}";
            if (Time is not null)
            {
                text += $" at {Time}";
            }
        }

        return text;
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static List<ManagerEntry> Read(JsonObject? obj)
    {
        var entries = new List<ManagerEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray list)
        {
            return entries;
        }

        foreach (var node in list)
        {
            // Entries that are not upstream-shaped are dropped, as upstream resets invalid managedFields.
            if (node is JsonObject e && Text(e, "manager") is { } manager && Text(e, "operation") is Apply or Update)
            {
                entries.Add(new ManagerEntry(manager, Text(e, "operation")!, Text(e, "apiVersion"), Text(e, "time"), Text(e, "subresource"), FieldSet.FromFieldsV1(e["fieldsV1"])));
            }
        }

        return entries;
    }

    /// <summary>Writes the entries in upstream's order (operation, time, manager, apiVersion, subresource); none left removes the field.</summary>
    public static void Write(JsonObject obj, IEnumerable<ManagerEntry> entries)
    {
        var metadata = obj["metadata"] as JsonObject;
        if (metadata is null)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        var ordered = entries.Where(e => !e.Fields.IsEmpty).Select((e, index) => (Entry: e, Index: index)).ToList();
        ordered.Sort(static (a, b) =>
        {
            var order = string.CompareOrdinal(a.Entry.Operation, b.Entry.Operation);
            order = order != 0 ? order : string.CompareOrdinal(a.Entry.Time ?? "", b.Entry.Time ?? "");
            order = order != 0 ? order : string.CompareOrdinal(a.Entry.Manager, b.Entry.Manager);
            order = order != 0 ? order : string.CompareOrdinal(a.Entry.ApiVersion ?? "", b.Entry.ApiVersion ?? "");
            order = order != 0 ? order : string.CompareOrdinal(a.Entry.Subresource ?? "", b.Entry.Subresource ?? "");
            return order != 0 ? order : a.Index.CompareTo(b.Index); // stable, as the OrderBy chain it replaces
        });
        var list = new JsonArray();
        foreach (var (e, _) in ordered)
        {
            var json = new JsonObject { ["manager"] = e.Manager, ["operation"] = e.Operation, ["apiVersion"] = e.ApiVersion };
            if (e.Time is not null)
            {
                json["time"] = e.Time;
            }

            json["fieldsType"] = "FieldsV1";
            json["fieldsV1"] = e.Fields.ToFieldsV1();
            if (!string.IsNullOrEmpty(e.Subresource))
            {
                json["subresource"] = e.Subresource;
            }

            list.Add((JsonNode)json);
        }

        if (list.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = list;
        }
    }

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
