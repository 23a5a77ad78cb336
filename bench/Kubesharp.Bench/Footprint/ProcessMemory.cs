using System.Globalization;

namespace Kubesharp.Bench.Footprint;

/// <summary>Resident memory of process trees, read from /proc (VmRSS, so shared pages count once per process).</summary>
internal static class ProcessMemory
{
    /// <summary><paramref name="root"/> and all its descendants.</summary>
    public static IReadOnlyList<int> Tree(int root)
    {
        var all = new List<int>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            all.Add(pid);
            foreach (var child in Children(pid))
            {
                pending.Push(child);
            }
        }

        return all;
    }

    /// <summary>Processes whose command line contains <paramref name="marker"/> (e.g. a private containerd socket path), with their trees.</summary>
    public static IReadOnlyList<int> TreesMentioning(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    found.AddRange(Tree(pid));
                }
            }
            catch (IOException)
            {
                // exited meanwhile
            }
        }

        return found.Distinct().ToList();
    }

    public static string Name(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public static double RssMegabytes(IEnumerable<int> pids) => pids.Sum(RssKilobytes) / 1024.0;

    private static long RssKilobytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // exited meanwhile
        }

        return 0;
    }

    private static List<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var text = File.ReadAllText(Path.Combine(task, "children"));
                children.AddRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)));
            }
        }
        catch (IOException)
        {
            // exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            // not ours to read
        }

        return children;
    }
}
