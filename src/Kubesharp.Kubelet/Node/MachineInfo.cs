using System.Globalization;
using System.Runtime.InteropServices;

namespace Kubesharp.Kubelet.Node;

/// <summary>What the node reports about its machine (capacity and nodeInfo), read from /proc and /etc.</summary>
internal sealed record MachineInfo(int CpuCores, long MemoryBytes)
{
    public string KernelVersion { get; init; } = "";

    public string OsImage { get; init; } = "Linux";

    public string MachineId { get; init; } = "";

    public string BootId { get; init; } = "";

    public string Architecture { get; init; } = "amd64";

    public static MachineInfo Read() => new(Environment.ProcessorCount, MemTotal(TryRead("/proc/meminfo")))
    {
        KernelVersion = TryRead("/proc/sys/kernel/osrelease").Trim(),
        OsImage = PrettyName(TryRead("/etc/os-release")),
        MachineId = TryRead("/etc/machine-id").Trim(),
        BootId = TryRead("/proc/sys/kernel/random/boot_id").Trim(),
        Architecture = Images.LocalImages.ArchitectureOf(RuntimeInformation.OSArchitecture),
    };

    /// <summary>MemTotal of /proc/meminfo in bytes (0 when absent).</summary>
    internal static long MemTotal(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib))
                {
                    return kib * 1024;
                }
            }
        }

        return 0;
    }

    internal static string PrettyName(string osRelease)
    {
        foreach (var line in osRelease.Split('\n'))
        {
            if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            {
                return line["PRETTY_NAME=".Length..].Trim('"');
            }
        }

        return "Linux";
    }

    private static string TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
