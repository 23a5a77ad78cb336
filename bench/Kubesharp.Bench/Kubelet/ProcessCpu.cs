using System.Globalization;

namespace Kubesharp.Bench.Kubelet;

/// <summary>CPU time a process used so far (user + system, from /proc/PID/stat), for background-cost figures.</summary>
internal static class ProcessCpu
{
    // USER_HZ: 100 on every Linux this runs on (the kernel's ABI value, not CONFIG_HZ).
    private const double TicksPerSecond = 100;

    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may contain spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0; // exited
        }
    }
}
