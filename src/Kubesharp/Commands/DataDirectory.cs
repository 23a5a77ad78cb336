namespace Kubesharp.Commands;

/// <summary>Where Kubesharp keeps its state when --data-dir is not given.</summary>
internal static class DataDirectory
{
    public static string Default =>
        Environment.IsPrivilegedProcess
            ? "/var/lib/kubesharp"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kubesharp");

    /// <summary>Creates the directory and proves it is writable, so later failures are not mysterious.</summary>
    public static string Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UserErrorException($"the data directory {full} is not writable ({e.Message}); choose another with --data-dir or fix its permissions");
        }

        CheckFormat(full);
        return full;
    }

    /// <summary>The layout of the data directory this binary reads and writes (db/, tls/, kubelet/ …).</summary>
    public const int Format = 1;

    /// <summary>The oldest layout this binary still reads; raised when a layout change drops an old one.</summary>
    public const int OldestReadableFormat = 1;

    private const string FormatFile = "kubesharp-data-format";

    /// <summary>
    /// Refuses a data directory written by an incompatible kubesharp (a newer format, or one older
    /// than we still read) instead of misreading it; stamps new and older unmarked directories with ours.
    /// </summary>
    private static void CheckFormat(string directory)
    {
        var path = Path.Combine(directory, FormatFile);
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var found))
            {
                throw new UserErrorException($"the data directory {directory} has an unreadable {FormatFile} ('{text}'); it was not written by kubesharp: choose another --data-dir");
            }

            if (found > Format)
            {
                throw new UserErrorException($"the data directory {directory} was written by a newer kubesharp (data format {found}; this one reads format {Format}); run that version or choose another --data-dir");
            }

            if (found < OldestReadableFormat)
            {
                throw new UserErrorException($"the data directory {directory} was written by an older kubesharp (data format {found}) that this one no longer reads (formats {OldestReadableFormat} to {Format}); run that version or choose another --data-dir");
            }

            if (found == Format)
            {
                return;
            }
        }

        File.WriteAllText(path, Format.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
    }
}
