using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>status.conditions being rebuilt in one sync: a condition keeps its lastTransitionTime while its status stays the same.</summary>
internal sealed class AutoscalerConditions(JsonArray? previous, DateTimeOffset now)
{
    private static readonly string[] Order = ["AbleToScale", "ScalingActive", "ScalingLimited"];
    private readonly Dictionary<string, JsonObject> _conditions = (previous ?? [])
        .OfType<JsonObject>()
        .Where(c => Json.Str(c, "type") is not null)
        .GroupBy(c => Json.Str(c, "type")!, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (JsonObject)g.First().DeepClone(), StringComparer.Ordinal);

    public void Set(string type, string status, string reason, string message)
    {
        var since = _conditions.TryGetValue(type, out var old) && Json.Str(old, "status") == status
            ? Json.Str(old, "lastTransitionTime")
            : Json.Stamp(now);
        _conditions[type] = new JsonObject { ["type"] = type, ["status"] = status, ["lastTransitionTime"] = since, ["reason"] = reason, ["message"] = message };
    }

    public string? Reason(string type) => _conditions.TryGetValue(type, out var c) ? Json.Str(c, "reason") : null;

    public JsonArray ToJson()
    {
        var list = new JsonArray();
        foreach (var c in _conditions.Values.OrderBy(c => Array.IndexOf(Order, Json.Str(c, "type")) is var i && i < 0 ? int.MaxValue : i))
        {
            list.Add((JsonNode)c.DeepClone());
        }

        return list;
    }
}
