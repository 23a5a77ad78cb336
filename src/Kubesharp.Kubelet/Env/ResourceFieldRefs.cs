using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Quantities;

namespace Kubesharp.Kubelet.Env;

/// <summary>
/// resourceFieldRef values as upstream computes them: the container's limit or request divided by
/// the divisor (default 1), rounded up; a missing limit reads as the node's allocatable and a
/// missing request as the limit (what API defaulting would have set), else 0.
/// </summary>
internal static class ResourceFieldRefs
{
    /// <exception cref="ContainerConfigException">Unsupported resource or bad divisor.</exception>
    public static string Value(JsonObject container, JsonObject resourceFieldRef, NodeAllocatable allocatable)
    {
        var resource = PodJson.Str(resourceFieldRef, "resource") ?? "";
        var divisorText = Quantity.Text(resourceFieldRef["divisor"]);
        decimal divisor = 1;
        if (divisorText is { Length: > 0 } && (!Quantity.TryParse(divisorText, out divisor) || divisor <= 0))
        {
            throw new ContainerConfigException($"invalid divisor {divisorText} for resource {resource}");
        }

        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        var kind = dot > 0 ? resource[..dot] : "";
        var name = dot > 0 ? resource[(dot + 1)..] : "";
        if (kind is not ("limits" or "requests") || !(name is "cpu" or "memory" or "ephemeral-storage" || name.StartsWith("hugepages-", StringComparison.Ordinal)))
        {
            throw new ContainerConfigException($"unsupported container resource : {resource}");
        }

        var amount = Amount(container, kind, name, allocatable);
        if (name == "cpu")
        {
            // Upstream divides milli-values: ceil(milli(cpu) / milli(divisor)).
            var milli = decimal.Ceiling(amount * 1000);
            var divisorMilli = decimal.Ceiling(divisor * 1000);
            return Ceil(milli / divisorMilli);
        }

        return Ceil(decimal.Ceiling(amount) / decimal.Ceiling(divisor));
    }

    private static decimal Amount(JsonObject container, string kind, string name, NodeAllocatable allocatable)
    {
        var limit = Read(container, "limits", name);
        return kind == "limits" ? limit ?? Allocatable(name, allocatable) : Read(container, "requests", name) ?? limit ?? 0;
    }

    private static decimal Allocatable(string name, NodeAllocatable allocatable) => name switch
    {
        "cpu" => allocatable.CpuMilli / 1000m,
        "memory" => allocatable.MemoryBytes,
        "ephemeral-storage" => allocatable.EphemeralStorageBytes,
        _ => 0,
    };

    private static decimal? Read(JsonObject container, string kind, string name) =>
        Quantity.Text(PodJson.At(container, "resources", kind, name)) is { } text && Quantity.TryParse(text, out var v) ? v : null;

    private static string Ceil(decimal value) => decimal.Ceiling(value).ToString("0", CultureInfo.InvariantCulture);
}
