namespace Kubesharp.Kubelet.Cri;

/// <summary>An exec the runtime serves on its streaming server (kubectl exec), rather than one it runs to completion.</summary>
public sealed record StreamingExec(string ContainerId, IReadOnlyList<string> Command)
{
    public StreamingIo Io { get; init; } = StreamingIo.OutputOnly;
}
