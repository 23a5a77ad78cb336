using System.Text.Json.Nodes;
using Kubesharp.Api.Quantities;

namespace Kubesharp.Api.Quotas;

/// <summary>Reading and writing the resource lists of a ResourceQuota (spec.hard, status.hard, status.used).</summary>
public static class QuotaStatus
{
    public static Dictionary<string, decimal> Read(JsonNode? list) =>
        PodResources.Read(list).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    /// <summary>A resource list with each value written in the style of the quota's hard value for it.</summary>
    public static JsonObject Write(IReadOnlyDictionary<string, decimal> values, JsonNode? hard)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = new JsonObject();
        foreach (var (name, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            list[name] = QuantityFormat.Format(value, QuantityFormat.IsBinary(Quantity.Text(hard?[name])));
        }

        return list;
    }

    /// <summary>upstream's prettyPrint: <c>a=1,b=2</c>, sorted by name.</summary>
    public static string Pretty(IReadOnlyDictionary<string, decimal> values, JsonNode? hard)
    {
        ArgumentNullException.ThrowIfNull(values);
        return string.Join(",", values.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={QuantityFormat.Format(p.Value, QuantityFormat.IsBinary(Quantity.Text(hard?[p.Key])))}"));
    }
}
