using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Model;

/// <summary>A pod toleration and whether it tolerates a taint (upstream's ToleratesTaint).</summary>
internal sealed record Toleration(string? Key, string Operator, string? Value, string? Effect)
{
    public static Toleration From(JsonObject t) => new(
        t["key"]?.GetValue<string>(),
        t["operator"]?.GetValue<string>() ?? "Equal",
        t["value"]?.GetValue<string>(),
        t["effect"]?.GetValue<string>());

    public bool Tolerates(Taint taint)
    {
        if (!string.IsNullOrEmpty(Effect) && Effect != taint.Effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(Key))
        {
            return Operator == "Exists"; // an empty key with Exists tolerates everything
        }

        return Key == taint.Key && (Operator == "Exists" || (Value ?? string.Empty) == (taint.Value ?? string.Empty));
    }
}
