using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Schema;

namespace Kubesharp.Api.Protobuf;

/// <summary>
/// Decodes <c>application/vnd.kubernetes.protobuf</c> bodies into the JSON upstream would have
/// sent: the "k8s\0" envelope (runtime.Unknown: typeMeta, raw), then the raw message walked by the
/// field tables of upstream's generated.proto, with apimachinery's special types (Time, MicroTime,
/// Duration, IntOrString, Quantity, RawExtension, FieldsV1) turned into their JSON forms.
/// </summary>
public static class ProtobufObjects
{
    private const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    // Go writes every non-pointer scalar, zero or not, and JSON's omitempty drops the zero again;
    // the .proto does not say which fields are pointers, so a zero is dropped unless OpenAPI marks
    // the field required or it is one of the pointer fields whose zero means something.
    private static readonly HashSet<string> MeaningfulZero =
    [
        "replicas", "terminationGracePeriodSeconds", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "parallelism",
        "completions", "activeDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "startingDeadlineSeconds",
        "ttlSecondsAfterFinished", "revisionHistoryLimit", "progressDeadlineSeconds", "expirationSeconds", "tolerationSeconds",
        "defaultMode", "mode", "runAsUser", "runAsGroup", "fsGroup", "priority", "stabilizationWindowSeconds", "deletionGracePeriodSeconds",
        "gracePeriodSeconds", "storageClassName",

        // Pointer bools whose false differs from unset (most bools are plain and false means unset).
        "automountServiceAccountToken", "enableServiceLinks", "suspend", "immutable", "setHostnameAsFQDN", "shareProcessNamespace",
        "allowPrivilegeEscalation", "privileged", "readOnlyRootFilesystem", "runAsNonRoot", "allowVolumeExpansion", "manualSelector",
        "optional", "hostUsers", "allocateLoadBalancerNodePorts", "ready", "serving", "terminating", "podIndexLabel",
    ];

    private static readonly ConcurrentDictionary<string, HashSet<string>> RequiredByMessage = new(StringComparer.Ordinal);

    /// <summary>The object in the envelope; <see cref="ProtobufFormatException"/> when malformed or of an unknown kind.</summary>
    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        if (!body.Span.StartsWith(Magic))
        {
            throw new ProtobufFormatException("the protobuf body does not start with the k8s envelope");
        }

        var reader = new WireReader(body[Magic.Length..]);
        string apiVersion = "", kind = "";
        ReadOnlyMemory<byte> raw = default;
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            if (field == 1 && wire == 2)
            {
                var typeMeta = new WireReader(reader.LengthDelimited());
                while (!typeMeta.End)
                {
                    var (f, w) = typeMeta.Tag();
                    if (f == 1 && w == 2) { apiVersion = typeMeta.String(); }
                    else if (f == 2 && w == 2) { kind = typeMeta.String(); }
                    else { typeMeta.Skip(w); }
                }
            }
            else if (field == 2 && wire == 2)
            {
                raw = reader.LengthDelimited();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        var message = ProtoSchemaSet.BuiltIn.ForKind(apiVersion, kind)
            ?? throw new ProtobufFormatException($"protobuf is not supported for {apiVersion}/{kind}") { Unsupported = true };
        var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
        DecodeMessage(new WireReader(raw), message, obj);
        return obj;
    }

    private static void DecodeMessage(WireReader reader, ProtoMessage message, JsonObject target)
    {
        while (!reader.End)
        {
            var (number, wire) = reader.Tag();
            if (!message.Fields.TryGetValue(number, out var field))
            {
                reader.Skip(wire); // a newer client's field: dropped, as Go's decoder does
                continue;
            }

            switch (field.Label)
            {
                case ProtoLabel.Map:
                    var map = target[field.Name] as JsonObject ?? [];
                    var entry = new WireReader(reader.LengthDelimited());
                    string key = "";
                    JsonNode? value = null;
                    while (!entry.End)
                    {
                        var (f, w) = entry.Tag();
                        if (f == 1) { key = entry.String(); }
                        else if (f == 2) { value = ReadValue(entry, w, field.Type); }
                        else { entry.Skip(w); }
                    }

                    map[key] = value ?? (ProtoSchemaSet.IsScalar(field.Type) ? ScalarZero(field.Type) : new JsonObject());
                    target[field.Name] = map;
                    break;
                case ProtoLabel.Repeated:
                    var list = target[field.Name] as JsonArray ?? [];
                    if (wire == 2 && ProtoSchemaSet.IsScalar(field.Type) && field.Type is not ("string" or "bytes"))
                    {
                        var packed = new WireReader(reader.LengthDelimited());
                        while (!packed.End)
                        {
                            list.Add(ReadValue(packed, field.Type is "double" or "fixed64" ? 1 : field.Type is "float" or "fixed32" ? 5 : 0, field.Type));
                        }
                    }
                    else
                    {
                        list.Add(ReadValue(reader, wire, field.Type));
                    }

                    target[field.Name] = list;
                    break;
                default:
                    if (Inlined(message, field) is { } embedded)
                    {
                        // A Go struct embedded with json:",inline" (IngressRule.IngressRuleValue, Volume.VolumeSource):
                        // its fields belong to the parent in JSON.
                        DecodeMessage(new WireReader(reader.LengthDelimited()), embedded, target);
                        break;
                    }

                    var single = ReadValue(reader, wire, field.Type);
                    if (single is not null && (Keep(single, field, message) || !ProtoSchemaSet.IsScalar(field.Type)))
                    {
                        target[field.Name] = single;
                    }

                    break;
            }
        }
    }

    private static JsonNode? ReadValue(WireReader reader, int wire, string type)
    {
        switch (type)
        {
            case "string":
                return reader.String();
            case "bytes":
                return Convert.ToBase64String(reader.LengthDelimited().Span);
            case "bool":
                return reader.Varint() != 0;
            case "int32":
                return (int)(long)reader.Varint();
            case "int64":
                return (long)reader.Varint();
            case "uint32" or "uint64":
                return reader.Varint();
            case "double":
                return BitConverter.Int64BitsToDouble((long)reader.Fixed(8));
            case "float":
                return BitConverter.Int32BitsToSingle((int)reader.Fixed(4));
        }

        if (wire != 2)
        {
            throw WireReader.Malformed();
        }

        var bytes = reader.LengthDelimited();
        switch (type)
        {
            case Meta + "Time":
            case Meta + "MicroTime":
                return Timestamp(new WireReader(bytes), micro: type.EndsWith("MicroTime", StringComparison.Ordinal));
            case Meta + "Duration":
                return GoDuration(SingleVarint(bytes, 1));
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
                return IntOrString(new WireReader(bytes));
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
                return SingleString(bytes, 1);
            case "k8s.io.apimachinery.pkg.runtime.RawExtension":
            case Meta + "FieldsV1":
                return RawJson(bytes);
        }

        var message = ProtoSchemaSet.BuiltIn.Find(type) ?? throw new ProtobufFormatException($"protobuf is not supported for {type}") { Unsupported = true };
        var nested = new JsonObject();
        DecodeMessage(new WireReader(bytes), message, nested);
        return nested;
    }

    private static bool Keep(JsonNode value, ProtoField field, ProtoMessage message)
    {
        var zero = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Length == 0,
            JsonValueKind.Number => value.ToJsonString() == "0",
            JsonValueKind.False => true,
            _ => false,
        };
        return !zero || MeaningfulZero.Contains(field.Name) || Required(message).Contains(field.Name);
    }

    /// <summary>
    /// The embedded message when <paramref name="field"/> is inlined in JSON: OpenAPI has no
    /// property of its name on the parent but has the embedded message's own fields.
    /// </summary>
    private static ProtoMessage? Inlined(ProtoMessage message, ProtoField field)
    {
        if (ProtoSchemaSet.IsScalar(field.Type) || field.Type.StartsWith("k8s.io.apimachinery.", StringComparison.Ordinal))
        {
            return null;
        }

        var properties = Definition(message)?["properties"] as JsonObject;
        if (properties is null || properties.ContainsKey(field.Name) || ProtoSchemaSet.BuiltIn.Find(field.Type) is not { } embedded)
        {
            return null;
        }

        // At least half, so a field merely missing from our OpenAPI data is not mistaken for one.
        return embedded.Fields.Values.Count(f => properties.ContainsKey(f.Name)) * 2 >= embedded.Fields.Count ? embedded : null;
    }

    private static JsonObject? Definition(ProtoMessage message) =>
        message.FullName.StartsWith("k8s.io.", StringComparison.Ordinal)
            ? SchemaDefinitions.BuiltIn.Definitions.GetValueOrDefault("io.k8s." + message.FullName["k8s.io.".Length..])
            : null;

    /// <summary>The OpenAPI required fields of a message: io.k8s.api.core.v1.Pod for k8s.io.api.core.v1.Pod.</summary>
    private static HashSet<string> Required(ProtoMessage message) =>
        RequiredByMessage.GetOrAdd(message.FullName, _ =>
            Definition(message)?["required"] is JsonArray required
                ? [.. required.Select(r => r?.GetValue<string>() ?? "")]
                : []);

    private static JsonNode ScalarZero(string type) => type switch
    {
        "string" or "bytes" => "",
        "bool" => false,
        _ => 0,
    };

    private static JsonNode? Timestamp(WireReader time, bool micro)
    {
        long seconds = 0, nanos = 0;
        while (!time.End)
        {
            var (f, w) = time.Tag();
            if (f == 1) { seconds = (long)time.Varint(); }
            else if (f == 2) { nanos = (long)time.Varint(); }
            else { time.Skip(w); }
        }

        if (seconds == 0 && nanos == 0)
        {
            return null; // the zero time is null in JSON
        }

        var at = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100).UtcDateTime;
        return at.ToString(micro ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static JsonNode IntOrString(WireReader reader)
    {
        long type = 0, intValue = 0;
        var text = "";
        while (!reader.End)
        {
            var (f, w) = reader.Tag();
            if (f == 1) { type = (long)reader.Varint(); }
            else if (f == 2) { intValue = (int)(long)reader.Varint(); }
            else if (f == 3) { text = reader.String(); }
            else { reader.Skip(w); }
        }

        return type == 1 ? text : intValue;
    }

    private static long SingleVarint(ReadOnlyMemory<byte> bytes, int number)
    {
        var reader = new WireReader(bytes);
        long value = 0;
        while (!reader.End)
        {
            var (f, w) = reader.Tag();
            if (f == number && w == 0) { value = (long)reader.Varint(); }
            else { reader.Skip(w); }
        }

        return value;
    }

    private static string SingleString(ReadOnlyMemory<byte> bytes, int number)
    {
        var reader = new WireReader(bytes);
        var value = "";
        while (!reader.End)
        {
            var (f, w) = reader.Tag();
            if (f == number && w == 2) { value = reader.String(); }
            else { reader.Skip(w); }
        }

        return value;
    }

    private static JsonNode? RawJson(ReadOnlyMemory<byte> bytes)
    {
        var reader = new WireReader(bytes);
        ReadOnlyMemory<byte> raw = default;
        while (!reader.End)
        {
            var (f, w) = reader.Tag();
            if (f == 1 && w == 2) { raw = reader.LengthDelimited(); }
            else { reader.Skip(w); }
        }

        if (raw.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(raw.Span);
        }
        catch (JsonException e)
        {
            throw new ProtobufFormatException("the protobuf body holds raw JSON that does not parse", e);
        }
    }

    /// <summary>Go's time.Duration.String(): 1h2m3.5s, 500ms, 0s.</summary>
    private static string GoDuration(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var sign = nanoseconds < 0 ? "-" : "";
        var n = Math.Abs(nanoseconds);
        if (n < 1_000_000_000)
        {
            return n % 1_000_000 == 0 ? $"{sign}{n / 1_000_000}ms" : n % 1000 == 0 ? $"{sign}{n / 1000}µs" : $"{sign}{n}ns";
        }

        var text = new StringBuilder(sign);
        var hours = n / 3_600_000_000_000;
        var minutes = n / 60_000_000_000 % 60;
        var seconds = n % 60_000_000_000 / 1e9;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        text.Append(seconds.ToString("0.#########", CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }
}
