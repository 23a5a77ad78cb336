using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Objects;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// meta.k8s.io/v1 Table output. Columns are upstream's default (Name, Created At) for now.
/// TODO(tables branch): use the per-kind column converter once it lands.
/// </summary>
internal static class TableOutput
{
    public static JsonObject FromList(ResourceType type, JsonObject list, string? includeObject)
    {
        var rows = new JsonArray();
        if (list["items"] is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                rows.Add((JsonNode)Row(item, includeObject));
            }
        }

        var metadata = new JsonObject();
        if (list["metadata"] is JsonObject listMeta)
        {
            foreach (var field in new[] { "resourceVersion", "continue", "remainingItemCount" })
            {
                if (listMeta[field] is { } value)
                {
                    metadata[field] = value.DeepClone();
                }
            }
        }

        return Table(type, metadata, rows);
    }

    public static JsonObject FromObject(ResourceType type, JsonObject obj, string? includeObject)
    {
        var metadata = new JsonObject();
        if (ObjectMeta.ResourceVersion(obj) is { } rv)
        {
            metadata["resourceVersion"] = rv;
        }

        return Table(type, metadata, new JsonArray(Row(obj, includeObject)));
    }

    private static JsonObject Table(ResourceType type, JsonObject metadata, JsonArray rows) => new()
    {
        ["kind"] = "Table",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = metadata,
        ["columnDefinitions"] = new JsonArray(
            Column("Name", "string", "name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
            Column("Created At", "date", "", $"CreationTimestamp is a timestamp representing the server time when this object was created. ({type.Kind})")),
        ["rows"] = rows,
    };

    private static JsonObject Column(string name, string type, string format, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
        ["priority"] = 0,
    };

    private static JsonObject Row(JsonObject obj, string? includeObject)
    {
        var row = new JsonObject
        {
            ["cells"] = new JsonArray(JsonValue.Create(ObjectMeta.Name(obj) ?? ""), JsonValue.Create(ObjectMeta.GetString(obj, "creationTimestamp") ?? "")),
        };
        switch (includeObject)
        {
            case "None":
                break;
            case "Object":
                row["object"] = obj.DeepClone();
                break;
            default:
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = ObjectMeta.Metadata(obj).DeepClone(),
                };
                break;
        }

        return row;
    }
}
