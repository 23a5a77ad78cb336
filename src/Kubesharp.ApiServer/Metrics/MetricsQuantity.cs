using System.Globalization;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>Canonical Kubernetes quantities for usage: cpu from nanocores (decimal SI), memory from bytes (binary SI).</summary>
internal static class MetricsQuantity
{
    private static readonly (ulong Divisor, string Suffix)[] CpuScales = [(1_000_000_000, ""), (1_000_000, "m"), (1_000, "u")];
    private static readonly string[] BinarySuffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    public static string Cpu(ulong nanoCores)
    {
        if (nanoCores == 0)
        {
            return "0";
        }

        foreach (var (divisor, suffix) in CpuScales)
        {
            if (nanoCores % divisor == 0)
            {
                return (nanoCores / divisor).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return nanoCores.ToString(CultureInfo.InvariantCulture) + "n";
    }

    public static string Memory(ulong bytes)
    {
        var suffix = -1;
        var value = bytes;
        while (value != 0 && value % 1024 == 0 && suffix < BinarySuffixes.Length - 1)
        {
            value /= 1024;
            suffix++;
        }

        return value.ToString(CultureInfo.InvariantCulture) + (suffix < 0 ? "" : BinarySuffixes[suffix]);
    }

    /// <summary>A Go duration string, as the <c>window</c> field carries it ("5s", "1.5s").</summary>
    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
