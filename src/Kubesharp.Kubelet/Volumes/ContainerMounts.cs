using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Env;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>A container's volumeMounts as CRI bind mounts, with upstream's makeMounts checks for subPath.</summary>
internal static class ContainerMounts
{
    /// <exception cref="ContainerConfigException">Unknown volume, bad subPath or subPathExpr, with upstream's message.</exception>
    public static IReadOnlyList<ContainerMount> For(JsonObject container, PodVolumeSet volumes, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(environment);
        var containerName = PodJson.Str(container, "name") ?? "";
        var mounts = new List<ContainerMount>();
        foreach (var mount in PodJson.Objects(container, "volumeMounts"))
        {
            var name = PodJson.Str(mount, "name") ?? "";
            if (!volumes.Volumes.TryGetValue(name, out var volume))
            {
                throw new ContainerConfigException($"cannot find volume \"{name}\" to mount into container \"{containerName}\"");
            }

            var hostPath = volume.HostPath;
            var subPath = PodJson.Str(mount, "subPathExpr") is { Length: > 0 } expr ? Expand(expr, environment) : PodJson.Str(mount, "subPath") ?? "";
            if (subPath.Length > 0)
            {
                hostPath = SubPath(volume, subPath, name, containerName);
            }

            var readOnly = volume.ReadOnly || PodJson.Bool(mount, "readOnly") == true;
            mounts.Add(new ContainerMount(PodJson.Str(mount, "mountPath") ?? "", hostPath) { Access = readOnly ? MountAccess.ReadOnly : MountAccess.ReadWrite });
        }

        if (volumes.ServiceAccountVolume is { } automatic && volumes.Volumes.TryGetValue(automatic, out var account)
            && !mounts.Any(m => m.ContainerPath.TrimEnd('/') == ServiceAccountVolume.MountPath))
        {
            mounts.Add(new ContainerMount(ServiceAccountVolume.MountPath, account.HostPath) { Access = MountAccess.ReadOnly });
        }

        return mounts;
    }

    // upstream's ExpandContainerVolumeMounts: every referenced variable must be set and non-empty.
    private static string Expand(string expression, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in environment)
        {
            values[key] = value;
        }

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var expanded = Expansion.Expand(expression, key =>
        {
            if (!values.TryGetValue(key, out var value) || value.Length == 0)
            {
                missing.Add(key);
            }

            return value ?? "";
        });
        return missing.Count == 0 ? expanded : throw new ContainerConfigException($"missing value for {string.Join(", ", missing)}");
    }

    private static string SubPath(PodVolume volume, string subPath, string name, string containerName)
    {
        if (Path.IsPathRooted(subPath))
        {
            throw new ContainerConfigException($"error SubPath \"{subPath}\" must not be an absolute path");
        }

        if (subPath.Split('/').Any(part => part == ".."))
        {
            throw new ContainerConfigException($"unable to provision SubPath `{subPath}`: must not contain '..'");
        }

        if (volume.IsFile)
        {
            throw new ContainerConfigException($"subPath {subPath} of volumeMount \"{name}\" of container \"{containerName}\": the volume is a file");
        }

        var path = Path.Combine(volume.HostPath, subPath);
        if (NodeFiles.KindOf(path) is null && new FileInfo(path).LinkTarget is null)
        {
            try
            {
                // Created now, with the volume's mode, so it is not created later by the runtime as root 0755.
                Directory.CreateDirectory(path, File.GetUnixFileMode(volume.HostPath));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ContainerConfigException($"failed to create subPath directory for volumeMount \"{name}\" of container \"{containerName}\"", e);
            }
        }

        // Bind the resolved path, refusing symlinks that lead out of the volume (upstream's safe subpath).
        var real = NodeFiles.RealPath(path);
        var root = NodeFiles.RealPath(volume.HostPath);
        if (real is null || root is null || !(real == root || real.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal)))
        {
            throw new ContainerConfigException($"subpath \"{subPath}\" of volumeMount \"{name}\" of container \"{containerName}\" resolves outside the volume");
        }

        return real;
    }
}
