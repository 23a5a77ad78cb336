namespace Kubesharp.Kubelet.Cri;

/// <summary>A command to run inside a running container, bounded by <see cref="Timeout"/> (zero = none).</summary>
public sealed record ExecSyncCommand(string ContainerId, IReadOnlyList<string> Command)
{
    public TimeSpan Timeout { get; init; }
}
