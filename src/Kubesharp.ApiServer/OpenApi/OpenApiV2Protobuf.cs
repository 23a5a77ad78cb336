using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.OpenApi;

/// <summary>
/// Encodes the v2 document as gnostic's openapi_v2.Document protobuf, the only form kubectl's
/// /openapi/v2 client accepts (it fails validation on JSON). Field numbers are those of
/// gnostic's OpenAPIv2.proto; vendor extensions carry their value as YAML (JSON is valid YAML).
/// </summary>
internal static class OpenApiV2Protobuf
{
    public static byte[] Encode(string title, string version, IEnumerable<KeyValuePair<string, JsonObject>> definitions)
    {
        var document = new ProtoWriter();
        document.String(1, "2.0");
        var info = new ProtoWriter();
        info.String(1, title);
        info.String(2, version);
        document.Message(2, info);
        document.Message(8, new ProtoWriter());
        var all = new ProtoWriter();
        foreach (var (name, schema) in definitions)
        {
            all.Message(1, Named(name, Schema(schema)));
        }

        document.Message(9, all);
        return document.Written.ToArray();
    }

    private static ProtoWriter Schema(JsonObject schema)
    {
        var message = new ProtoWriter();
        message.String(1, (string?)schema["$ref"]);
        message.String(2, (string?)schema["format"]);
        message.String(4, (string?)schema["description"]);
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required)
            {
                message.String(19, (string?)name);
            }
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            var item = new ProtoWriter();
            item.Message(1, Schema(additional));
            message.Message(21, item);
        }

        if ((string?)schema["type"] is { } type)
        {
            var item = new ProtoWriter();
            item.String(1, type);
            message.Message(22, item);
        }

        if (schema["items"] is JsonObject items)
        {
            var item = new ProtoWriter();
            item.Message(1, Schema(items));
            message.Message(23, item);
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var part in allOf.OfType<JsonObject>())
            {
                message.Message(24, Schema(part));
            }
        }

        if (schema["properties"] is JsonObject properties)
        {
            var item = new ProtoWriter();
            foreach (var (name, property) in properties)
            {
                item.Message(1, Named(name, Schema(property!.AsObject())));
            }

            message.Message(25, item);
        }

        foreach (var (name, value) in schema)
        {
            if (name.StartsWith("x-", StringComparison.Ordinal) && value is not null)
            {
                var any = new ProtoWriter();
                any.String(2, value.ToJsonString() + "\n");
                var named = new ProtoWriter();
                named.String(1, name);
                named.Message(2, any);
                message.Message(31, named);
            }
        }

        return message;
    }

    private static ProtoWriter Named(string name, ProtoWriter value)
    {
        var named = new ProtoWriter();
        named.String(1, name);
        named.Message(2, value);
        return named;
    }
}
