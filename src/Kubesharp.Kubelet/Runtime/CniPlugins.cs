namespace Kubesharp.Kubelet.Runtime;

/// <summary>Finds the directory with the CNI plugin binaries the node's network needs.</summary>
internal static class CniPlugins
{
    /// <summary>Debian 12 uses /usr/lib/cni; newer Debian and Fedora use /usr/libexec/cni; upstream tarballs /opt/cni/bin.</summary>
    public static IReadOnlyList<string> KnownDirectories { get; } = ["/usr/lib/cni", "/usr/libexec/cni", "/opt/cni/bin"];

    public static string Find(string? configured)
    {
        var candidates = configured is null ? KnownDirectories : [configured];
        foreach (var directory in candidates)
        {
            if (CniConflist.RequiredPlugins.All(p => File.Exists(Path.Combine(directory, p))))
            {
                return directory;
            }
        }

        throw new InvalidOperationException(
            $"CNI plugins ({string.Join(", ", CniConflist.RequiredPlugins)}) not found in {string.Join(" or ", candidates)}; " +
            "run scripts/install-deps.sh (Debian package containernetworking-plugins)");
    }
}
