using System.Globalization;

namespace Kubesharp.Api.Quotas;

/// <summary>Writes a quantity back in canonical form ("500m", "2", "256Mi", "1k"), as resource.Quantity.String() does.</summary>
public static class QuantityFormat
{
    private static readonly (string Suffix, decimal Factor)[] Binary =
        [("Ei", 1152921504606846976m), ("Pi", 1125899906842624m), ("Ti", 1099511627776m), ("Gi", 1073741824m), ("Mi", 1048576m), ("Ki", 1024m)];

    private static readonly (string Suffix, decimal Factor)[] Si =
        [("E", 1e18m), ("P", 1e15m), ("T", 1e12m), ("G", 1e9m), ("M", 1e6m), ("k", 1e3m)];

    /// <param name="binary">Use Ki/Mi/Gi (memory and storage written that way) where the value divides evenly.</param>
    public static string Format(decimal value, bool binary)
    {
        if (value == 0)
        {
            return "0";
        }

        if (value != decimal.Truncate(value))
        {
            var milli = decimal.Ceiling(value * 1000);
            return milli.ToString("0", CultureInfo.InvariantCulture) + "m";
        }

        foreach (var (suffix, factor) in binary ? Binary : Si)
        {
            if (value % factor == 0)
            {
                return (value / factor).ToString("0", CultureInfo.InvariantCulture) + suffix;
            }
        }

        return value.ToString("0", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a quantity written as <paramref name="text"/> uses the binary suffixes.</summary>
    public static bool IsBinary(string? text) => text is not null && text.EndsWith('i');
}
