using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Subresources;

/// <summary>Reads integer fields whether the node came from parsed JSON or was built from an int or long in code.</summary>
internal static class JsonInteger
{
    public static bool TryGet(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static long Get(JsonNode? node, long fallback = 0) => TryGet(node, out var value) ? value : fallback;
}
