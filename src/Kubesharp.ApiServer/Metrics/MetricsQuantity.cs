using System.Globalization;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>Canonical Kubernetes quantities for usage: cpu from nanocores (decimal SI), memory from bytes (binary SI).</summary>
internal static class MetricsQuantity
{
    private static readonly (ulong Divisor, string Suffix)[] CpuScales = [(1_000_000_000, ""), (1_000_000, "m"), (1_000, "u")];

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

    /// <summary>Bytes in binary SI where they divide evenly ("512Mi"), plain otherwise: the shared canonical writer.</summary>
    public static string Memory(ulong bytes) => Api.Quotas.QuantityFormat.Format(bytes, binary: true);

    /// <summary>A Go duration string, as the <c>window</c> field carries it ("5s", "1.5s").</summary>
    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
