using System.Text.Json.Nodes;

namespace Kubesharp.Controllers.Common;

/// <summary>Whether a pod toleration tolerates a node taint (upstream's ToleratesTaint).</summary>
internal static class Tolerations
{
    public static bool Tolerates(JsonObject toleration, JsonNode taint)
    {
        var effect = Json.Str(toleration, "effect");
        if (!string.IsNullOrEmpty(effect) && effect != Json.Str(taint, "effect"))
        {
            return false;
        }

        var key = Json.Str(toleration, "key");
        var op = Json.Str(toleration, "operator") ?? "Equal";
        return string.IsNullOrEmpty(key)
            ? op == "Exists" // an empty key with Exists tolerates everything
            : key == Json.Str(taint, "key") && (op == "Exists" || (Json.Str(toleration, "value") ?? string.Empty) == (Json.Str(taint, "value") ?? string.Empty));
    }
}
