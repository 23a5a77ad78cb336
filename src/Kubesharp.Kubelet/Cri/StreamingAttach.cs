namespace Kubesharp.Kubelet.Cri;

/// <summary>An attach to the main process of a running container, served on the runtime's streaming server.</summary>
public sealed record StreamingAttach(string ContainerId)
{
    public StreamingIo Io { get; init; } = StreamingIo.OutputOnly;
}
