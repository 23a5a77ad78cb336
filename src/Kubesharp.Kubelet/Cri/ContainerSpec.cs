namespace Kubesharp.Kubelet.Cri;

/// <summary>What a container is made from, as the kubelet computes it from a pod's container.</summary>
/// <param name="Name">Container name within the pod.</param>
/// <param name="Image">Image reference, e.g. docker.io/library/busybox:latest.</param>
public sealed record ContainerSpec(string Name, string Image)
{
    /// <summary>Incremented each time the kubelet restarts the container.</summary>
    public uint Attempt { get; init; }

    /// <summary>Replaces the image's entrypoint when non-empty.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Replaces the image's cmd when non-empty.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    public string WorkingDir { get; init; } = "";

    /// <summary>Environment in order (later duplicates win, as upstream).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Log file path relative to the sandbox's log directory.</summary>
    public string LogPath { get; init; } = "";

    public ContainerResources? Resources { get; init; }

    public ContainerIo Io { get; init; } = ContainerIo.None;
}
