namespace Kubesharp.Kubelet.Volumes;

/// <summary>One set-up volume: where it lives on the node and how it must be mounted.</summary>
/// <param name="Name">The volume's name in <c>spec.volumes</c>.</param>
/// <param name="HostPath">The node path to bind-mount (a directory, or a file for file-typed hostPath volumes).</param>
public sealed record PodVolume(string Name, string HostPath)
{
    /// <summary>Always mounted read-only whatever the volumeMount says (configMap, secret, downwardAPI, projected), as upstream.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The host path is a file (or socket/device), not a directory: subPath cannot be used with it.</summary>
    public bool IsFile { get; init; }
}
