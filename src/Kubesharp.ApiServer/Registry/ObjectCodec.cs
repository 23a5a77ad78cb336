using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.Storage;

using Kubesharp.ApiServer.Serving;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Objects in the store are UTF-8 JSON without resourceVersion; the revision is the store's
/// modRevision and is put back on every object read, as upstream's etcd3 storage does.
/// </summary>
internal static class ObjectCodec
{
    public static JsonObject Decode(KeyValue kv) => Decode(kv.Value.Span, kv.ModRevision);

    public static JsonObject Decode(ReadOnlySpan<byte> value, long revision)
    {
        var obj = JsonNode.Parse(value) as JsonObject
            ?? throw new InvalidOperationException("a stored value is not a JSON object");
        SetResourceVersion(obj, revision);
        return obj;
    }

    public static byte[] Encode(JsonObject obj)
    {
        var metadata = ObjectMeta.Metadata(obj);
        var rv = metadata["resourceVersion"];
        metadata.Remove("resourceVersion");
        try
        {
            return Serialize(obj);
        }
        finally
        {
            if (rv is not null)
            {
                metadata["resourceVersion"] = rv;
            }
        }
    }

    public static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void SetResourceVersion(JsonObject obj, long revision) =>
        ObjectMeta.Metadata(obj)["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
}
