using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Controllers.Deployments;

/// <summary>
/// The pod-template-hash of a Deployment's template: FNV-1a over the template written with sorted
/// keys (so the same template always hashes the same, whatever order its fields arrived in) plus
/// the collision count, spelled with upstream's safe alphabet so names look like <c>web-6d4cf56db6</c>.
/// </summary>
internal static class TemplateHash
{
    public const string Label = "pod-template-hash";
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(JsonObject template, long collisionCount)
    {
        var copy = (JsonObject)template.DeepClone();
        (copy["metadata"]?["labels"] as JsonObject)?.Remove(Label);
        var buffer = new ArrayBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer.Stream))
        {
            WriteSorted(writer, copy);
        }

        var hash = 2166136261u;
        foreach (var b in buffer.Stream.ToArray())
        {
            hash = (hash ^ b) * 16777619u;
        }

        if (collisionCount > 0)
        {
            foreach (var b in Encoding.ASCII.GetBytes(collisionCount.ToString(CultureInfo.InvariantCulture)))
            {
                hash = (hash ^ b) * 16777619u;
            }
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        var safe = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            safe.Append(SafeAlphabet[c % SafeAlphabet.Length]);
        }

        return safe.ToString();
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                // Null fields are skipped: `creationTimestamp: null` (what kubectl sends back on undo)
                // means the same template as no field at all, as it does to upstream's Go structs.
                foreach (var (key, value) in obj.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private sealed class ArrayBufferWriter
    {
        public MemoryStream Stream { get; } = new();
    }
}
