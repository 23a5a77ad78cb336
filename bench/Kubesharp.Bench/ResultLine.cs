using System.Globalization;
using System.Text;

namespace Kubesharp.Bench;

/// <summary>The RESULT line contract of ARCHITECTURE.md: plain numbers, units in key names.</summary>
internal static class ResultLine
{
    public static string Format(string name, IReadOnlyList<KeyValuePair<string, double>> figures)
    {
        var line = new StringBuilder("RESULT name=").Append(name);
        foreach (var (key, value) in figures)
        {
            line.Append(' ').Append(key).Append('=').Append(Number(value));
        }

        return line.ToString();
    }

    public static string Number(double value) =>
        Math.Abs(value) >= 100 ? Math.Round(value).ToString(CultureInfo.InvariantCulture) : Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
