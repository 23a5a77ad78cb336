using System.Globalization;

namespace Kubesharp.Kubelet.Runtime;

/// <summary>Reads this process's effective capabilities from /proc/self/status.</summary>
internal static class LinuxCapabilities
{
    public const int SysResource = 24;

    public static async Task<bool> HasEffectiveAsync(int capability, CancellationToken cancellationToken)
    {
        var status = await File.ReadAllLinesAsync("/proc/self/status", cancellationToken).ConfigureAwait(false);
        return HasEffective(status, capability);
    }

    public static bool HasEffective(IEnumerable<string> statusLines, int capability)
    {
        var line = statusLines.FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("/proc/self/status has no CapEff line");
        var mask = ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (mask & (1UL << capability)) != 0;
    }
}
