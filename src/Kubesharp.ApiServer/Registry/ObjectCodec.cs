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

    /// <summary>The stored form: the object's JSON without resourceVersion.</summary>
    public static byte[] Encode(JsonObject obj)
    {
        using var encoded = EncodePooled(obj);
        return encoded.Memory.ToArray();
    }

    /// <summary>
    /// <see cref="Encode"/> into a pooled buffer, also telling where metadata's closing brace is (see
    /// <see cref="EncodedObject"/>): for a write, whose store keeps its own copy. Dispose it once the
    /// store call has completed.
    /// </summary>
    public static PooledEncoding EncodePooled(JsonObject obj)
    {
        var metadata = ObjectMeta.Metadata(obj);
        var rv = metadata["resourceVersion"];
        metadata.Remove("resourceVersion");
        var buffer = new PooledEncoding(4096);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, JsonWriting.Options);
            // As JsonObject.WriteTo writes it, with the writer's position noted before metadata ends.
            writer.WriteStartObject();
            foreach (var (key, value) in obj)
            {
                writer.WritePropertyName(key);
                if (key == "metadata" && value is JsonObject meta)
                {
                    writer.WriteStartObject();
                    foreach (var (field, fieldValue) in meta)
                    {
                        writer.WritePropertyName(field);
                        WriteValue(writer, fieldValue);
                    }

                    buffer.MetadataEnd = (int)(writer.BytesCommitted + writer.BytesPending);
                    writer.WriteEndObject();
                    continue;
                }

                WriteValue(writer, value);
            }

            writer.WriteEndObject();
            writer.Flush();
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        finally
        {
            if (rv is not null)
            {
                metadata["resourceVersion"] = rv;
            }
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    /// <summary>
    /// What <c>Serialize(Decode(value, revision))</c> gives, without building the object: the stored
    /// bytes with <c>"resourceVersion"</c> put last in metadata, found by one pass of a reader. Values
    /// this cannot place (no metadata object, or one that already holds a resourceVersion) go the long way.
    /// </summary>
    public static byte[] Served(ReadOnlyMemory<byte> value, long revision) =>
        MetadataEnd(value.Span) is { } end ? new EncodedObject(value, end).Served(revision) : Serialize(Decode(value.Span, revision));

    /// <summary>Where the top-level metadata object's closing brace is; null when there is none or it has a resourceVersion.</summary>
    private static int? MetadataEnd(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (!isMetadata || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("resourceVersion"u8))
                {
                    return null;
                }

                reader.Read();
                reader.Skip();
            }

            return reader.TokenType == JsonTokenType.EndObject ? (int)reader.TokenStartIndex : null;
        }

        return null;
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
