using System.Globalization;

namespace Kubesharp.Api.Quantities;

/// <summary>
/// Kubernetes resource quantities ("100m", "1.5", "128Mi", "2G", "1e3") as numbers. The scheduler and
/// quota work in milli-units for CPU and whole units (bytes) for the rest, as upstream's
/// MilliValue/Value do, rounding up so a request is never under-counted.
/// </summary>
public static class Quantity
{
    /// <summary>The quantity's value; false when <paramref name="text"/> is not a quantity.</summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var end = text.Length;
        while (end > 0 && char.IsLetter(text[end - 1]) && !IsExponent(text, end - 1))
        {
            end--;
        }

        var suffix = text[end..];
        decimal multiplier = suffix switch
        {
            "" => 1m,
            "m" => 0.001m,
            "k" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            "P" => 1e15m,
            "E" => 1e18m,
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            "Ti" => 1024m * 1024 * 1024 * 1024,
            "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
            "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
            _ => -1m,
        };
        if (multiplier < 0 || !decimal.TryParse(text[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = number * multiplier;
        return true;
    }

    /// <summary>The text of a quantity field: quantities are strings, but a YAML number (cpu: 2) arrives as a JSON number.</summary>
    public static string? Text(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue v
            ? v.TryGetValue<string>(out var s) ? s : v.ToJsonString()
            : null;

    /// <summary>Milli-units, rounded up (CPU: "250m" → 250, "1" → 1000); 0 for what is not a quantity.</summary>
    public static long Milli(string? text) => TryParse(text, out var v) ? (long)decimal.Ceiling(v * 1000) : 0;

    /// <summary>Whole units, rounded up (memory: "128Mi" → 134217728); 0 for what is not a quantity.</summary>
    public static long Whole(string? text) => TryParse(text, out var v) ? (long)decimal.Ceiling(v) : 0;

    // "1e3": an exponent is a letter e/E between digits, not a suffix.
    private static bool IsExponent(string text, int index) =>
        (text[index] is 'e' or 'E') && index > 0 && char.IsDigit(text[index - 1]) && index + 1 < text.Length && (char.IsDigit(text[index + 1]) || text[index + 1] is '+' or '-');
}
