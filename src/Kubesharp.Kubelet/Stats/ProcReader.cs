using System.Globalization;

namespace Kubesharp.Kubelet.Stats;

/// <summary>
/// Reads node cpu and memory from /proc/stat and /proc/meminfo. Busy cpu is every column but idle and
/// iowait; memory follows cAdvisor's root cgroup view: usage = total − free, working set = usage −
/// inactive file pages.
/// </summary>
internal static class ProcReader
{
    // USER_HZ is 100 on every Linux architecture the kubelet runs on.
    private const ulong NanosecondsPerTick = 10_000_000;

    public static async Task<ProcSample> ReadAsync(string procRoot, CancellationToken cancellationToken)
    {
        var stat = await File.ReadAllLinesAsync(Path.Combine(procRoot, "stat"), cancellationToken).ConfigureAwait(false);
        var meminfo = await File.ReadAllLinesAsync(Path.Combine(procRoot, "meminfo"), cancellationToken).ConfigureAwait(false);
        return Parse(stat, meminfo);
    }

    public static ProcSample Parse(IReadOnlyList<string> stat, IReadOnlyList<string> meminfo)
    {
        ulong busyTicks = 0;
        var bootTime = DateTimeOffset.UnixEpoch;
        foreach (var line in stat)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 4 && fields[0] == "cpu")
            {
                // user nice system idle iowait irq softirq steal (guest time is already inside user).
                for (var i = 1; i < fields.Length && i <= 8; i++)
                {
                    if (i != 4 && i != 5)
                    {
                        busyTicks += ulong.Parse(fields[i], CultureInfo.InvariantCulture);
                    }
                }
            }
            else if (fields.Length == 2 && fields[0] == "btime")
            {
                bootTime = DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[1], CultureInfo.InvariantCulture));
            }
        }

        var total = Kilobytes(meminfo, "MemTotal:");
        var usage = total - Math.Min(total, Kilobytes(meminfo, "MemFree:"));
        var workingSet = usage - Math.Min(usage, Kilobytes(meminfo, "Inactive(file):"));
        return new ProcSample(busyTicks * NanosecondsPerTick, total, usage, workingSet, bootTime);
    }

    private static ulong Kilobytes(IReadOnlyList<string> meminfo, string key)
    {
        foreach (var line in meminfo)
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var fields = line.AsSpan(key.Length).Trim();
                var end = fields.IndexOf(' ');
                return ulong.Parse(end < 0 ? fields : fields[..end], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidDataException($"meminfo has no {key} line");
    }
}
