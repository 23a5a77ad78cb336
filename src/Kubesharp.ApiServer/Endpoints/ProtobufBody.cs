using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// Decodes <c>application/vnd.kubernetes.protobuf</c> request bodies into JSON objects: the "k8s\0"
/// envelope (runtime.Unknown: typeMeta, raw) and the raw message by a per-kind schema. kubectl's
/// typed commands (create namespace/configmap/secret) send protobuf and client-go does not fall
/// back to JSON on 415, so these must be understood. A field the schema does not know is refused
/// with 415 rather than silently dropped.
/// </summary>
internal static class ProtobufBody
{
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw ApiErrors.BadRequest("the protobuf body does not start with the k8s envelope");
        }

        var reader = new Reader(body[Magic.Length..].ToArray());
        string apiVersion = "", kind = "";
        byte[] raw = [];
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            switch (field)
            {
                case 1:
                    var typeMeta = new Reader(reader.LengthDelimited());
                    while (!typeMeta.End)
                    {
                        var (f, w) = typeMeta.Tag();
                        if (f == 1) { apiVersion = typeMeta.String(); }
                        else if (f == 2) { kind = typeMeta.String(); }
                        else { typeMeta.Skip(w); }
                    }

                    break;
                case 2:
                    raw = reader.LengthDelimited();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        var schema = ProtobufSchemas.For(apiVersion, kind) ?? throw Unsupported($"{apiVersion}/{kind}");
        var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
        DecodeMessage(new Reader(raw), schema, obj);
        return obj;
    }

    private static void DecodeMessage(Reader reader, IReadOnlyDictionary<int, ProtobufField> schema, JsonObject target)
    {
        while (!reader.End)
        {
            var (number, wire) = reader.Tag();
            if (!schema.TryGetValue(number, out var field))
            {
                throw Unsupported($"field {number}");
            }

            switch (field.Shape)
            {
                case ProtobufShape.String:
                    // Go writes every non-pointer string, empty ones too; JSON omits them (omitempty).
                    var text = reader.String();
                    if (text.Length > 0)
                    {
                        target[field.Name] = text;
                    }

                    break;
                case ProtobufShape.Bytes:
                    target[field.Name] = Convert.ToBase64String(reader.LengthDelimited());
                    break;
                case ProtobufShape.Int64:
                    var number64 = (long)reader.Varint();
                    if (number64 != 0 || field.Name == "deletionGracePeriodSeconds")
                    {
                        target[field.Name] = number64;
                    }

                    break;
                case ProtobufShape.Bool:
                    target[field.Name] = reader.Varint() != 0;
                    break;
                case ProtobufShape.Time:
                    var time = new Reader(reader.LengthDelimited());
                    long seconds = 0;
                    while (!time.End)
                    {
                        var (f, w) = time.Tag();
                        if (f == 1) { seconds = (long)time.Varint(); }
                        else { time.Skip(w); }
                    }

                    if (seconds == 0)
                    {
                        break; // the zero time: null in JSON
                    }

                    target[field.Name] = DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    break;
                case ProtobufShape.Message:
                    var nested = target[field.Name] as JsonObject ?? [];
                    DecodeMessage(new Reader(reader.LengthDelimited()), field.Message!, nested);
                    target[field.Name] = nested;
                    break;
                case ProtobufShape.RepeatedString:
                    var list = target[field.Name] as JsonArray ?? [];
                    list.Add((JsonNode)JsonValue.Create(reader.String()));
                    target[field.Name] = list;
                    break;
                case ProtobufShape.MapStringString:
                case ProtobufShape.MapStringBytes:
                    var map = target[field.Name] as JsonObject ?? [];
                    var entry = new Reader(reader.LengthDelimited());
                    string key = "", value = "";
                    while (!entry.End)
                    {
                        var (f, w) = entry.Tag();
                        if (f == 1) { key = entry.String(); }
                        else if (f == 2) { value = field.Shape == ProtobufShape.MapStringBytes ? Convert.ToBase64String(entry.LengthDelimited()) : entry.String(); }
                        else { entry.Skip(w); }
                    }

                    map[key] = value;
                    target[field.Name] = map;
                    break;
            }

            _ = wire;
        }
    }

    private static ApiException Unsupported(string what) => new(415, "UnsupportedMediaType",
        $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (protobuf is not supported for {what})");

    /// <summary>A protobuf wire-format reader over one message.</summary>
    private sealed class Reader(byte[] data)
    {
        private int _at;

        public bool End => _at >= data.Length;

        public (int Field, int Wire) Tag()
        {
            var tag = Varint();
            return ((int)(tag >> 3), (int)(tag & 7));
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_at >= data.Length)
                {
                    throw Malformed();
                }

                var b = data[_at++];
                value |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw Malformed();
        }

        public byte[] LengthDelimited()
        {
            var length = Varint();
            if (length > (ulong)(data.Length - _at))
            {
                throw Malformed();
            }

            var bytes = data.AsSpan(_at, (int)length).ToArray();
            _at += (int)length;
            return bytes;
        }

        public string String()
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(LengthDelimited());
            }
            catch (DecoderFallbackException)
            {
                throw Malformed();
            }
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: Advance(8); break;
                case 2: LengthDelimited(); break;
                case 5: Advance(4); break;
                default: throw Malformed();
            }
        }

        private void Advance(int n)
        {
            if (_at + n > data.Length)
            {
                throw Malformed();
            }

            _at += n;
        }

        private static ApiException Malformed() => ApiErrors.BadRequest("the protobuf body is malformed");
    }
}
