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

        return full;
    }
}
