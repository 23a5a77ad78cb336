using System.Globalization;

namespace Kubesharp.Commands;

/// <summary>
/// Which process listens on a TCP port, from /proc (the socket's inode in /proc/net/tcp{,6}, then
/// the process holding that inode), so "port in use" can say who holds it.
/// </summary>
internal static class PortOwner
{
    /// <summary>e.g. "kube-apiserver (pid 812)", or null when it cannot be told (another user's process, no /proc).</summary>
    public static string? Describe(int port)
    {
        var inodes = ListeningInodes(port);
        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var dir in SafeDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            foreach (var fd in SafeFiles(Path.Combine(dir, "fd")))
            {
                var target = SafeLink(fd);
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                {
                    var name = SafeRead(Path.Combine(dir, "comm"))?.Trim() ?? "?";
                    return $"{name} (pid {pid})";
                }
            }
        }

        return null;
    }

    private static HashSet<string> ListeningInodes(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in (SafeRead(table) ?? string.Empty).Split('\n').Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // fields: sl local_address rem_address st ... inode(9)
                if (fields.Length > 9 && fields[3] == "0A" && fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal))
                {
                    inodes.Add(fields[9]);
                }
            }
        }

        return inodes;
    }

    private static string[] SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string[] SafeFiles(string path)
    {
        try
        {
            return Directory.GetFiles(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? SafeLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
