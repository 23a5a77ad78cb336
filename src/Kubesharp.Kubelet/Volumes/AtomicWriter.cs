using System.Globalization;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>
/// Upstream's atomic writer: the files live in a timestamped directory <c>..2026_12_01_19_30_00.123</c>,
/// <c>..data</c> is a symlink to it, and every top-level name is a symlink through <c>..data</c>.
/// A new version is written beside the old one and published by renaming a fresh <c>..data</c>
/// link over the old, so a reader sees either the old or the new contents, never a mix.
/// </summary>
internal static class AtomicWriter
{
    public const string DataLink = "..data";
    private const string TempLink = "..data_tmp";
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Publishes <paramref name="payload"/> (relative path → file) in <paramref name="target"/>; false when it was already there.</summary>
    /// <exception cref="ArgumentException">A path is absolute, contains '..' or starts with '..'.</exception>
    public static bool Write(string target, IReadOnlyDictionary<string, FileProjection> payload)
    {
        foreach (var path in payload.Keys)
        {
            Validate(path);
        }

        Directory.CreateDirectory(target);
        var dataLink = Path.Combine(target, DataLink);
        var old = new FileInfo(dataLink).LinkTarget;
        if (old is not null && Matches(Path.Combine(target, old), payload))
        {
            LinkTopLevel(target, payload);
            return false;
        }

        var version = ".." + DateTime.UtcNow.ToString("yyyy_MM_dd_HH_mm_ss.fffffff", CultureInfo.InvariantCulture);
        var versionDir = Path.Combine(target, version);
        Directory.CreateDirectory(versionDir);
        File.SetUnixFileMode(versionDir, DirectoryMode);
        foreach (var (path, file) in payload)
        {
            var full = Path.Combine(versionDir, path);
            if (Path.GetDirectoryName(full) is { } parent && parent != versionDir)
            {
                Directory.CreateDirectory(parent);
            }

            File.WriteAllBytes(full, file.Data);
            File.SetUnixFileMode(full, file.Mode);
        }

        var temp = Path.Combine(target, TempLink);
        if (new FileInfo(temp).LinkTarget is not null || File.Exists(temp))
        {
            File.Delete(temp);
        }

        File.CreateSymbolicLink(temp, version);
        NodeFiles.Rename(temp, dataLink);
        LinkTopLevel(target, payload);
        if (old is not null && old.StartsWith("..", StringComparison.Ordinal) && !old.Contains('/', StringComparison.Ordinal))
        {
            Directory.Delete(Path.Combine(target, old), recursive: true);
        }

        return true;
    }

    /// <summary>Whether <paramref name="target"/> holds a published version (set up earlier).</summary>
    public static bool IsPublished(string target) => new FileInfo(Path.Combine(target, DataLink)).LinkTarget is not null;

    private static void Validate(string path)
    {
        if (path.Length == 0 || Path.IsPathRooted(path))
        {
            throw new ArgumentException($"invalid path: must be relative path: {path}");
        }

        if (path.Split('/').Any(part => part == ".."))
        {
            throw new ArgumentException($"invalid path: must not contain '..': {path}");
        }

        if (path.StartsWith("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid path: must not start with '..': {path}");
        }
    }

    // Top-level names point through ..data; names of an earlier version that are gone now are removed.
    private static void LinkTopLevel(string target, IReadOnlyDictionary<string, FileProjection> payload)
    {
        var names = payload.Keys.Select(p => p.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        var existing = Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith("..", StringComparison.Ordinal)).ToList();
        foreach (var name in names.Except(existing))
        {
            File.CreateSymbolicLink(Path.Combine(target, name), DataLink + "/" + name);
        }

        foreach (var stale in existing.Except(names))
        {
            var path = Path.Combine(target, stale);
            if (new FileInfo(path).LinkTarget is { } link && link.StartsWith(DataLink + "/", StringComparison.Ordinal))
            {
                File.Delete(path);
            }
        }
    }

    private static bool Matches(string versionDir, IReadOnlyDictionary<string, FileProjection> payload)
    {
        if (!Directory.Exists(versionDir))
        {
            return false;
        }

        var files = Directory.EnumerateFiles(versionDir, "*", SearchOption.AllDirectories).ToList();
        if (files.Count != payload.Count)
        {
            return false;
        }

        foreach (var (path, file) in payload)
        {
            var full = Path.Combine(versionDir, path);
            if (!File.Exists(full) || File.GetUnixFileMode(full) != file.Mode || !File.ReadAllBytes(full).AsSpan().SequenceEqual(file.Data))
            {
                return false;
            }
        }

        return true;
    }
}
