namespace Kubesharp.Kubelet.Cri;

/// <summary>How a container's standard streams are set up (pod spec stdin/stdinOnce/tty).</summary>
public sealed record ContainerIo
{
    public static ContainerIo None { get; } = new();

    public bool Stdin { get; init; }

    public bool StdinOnce { get; init; }

    public bool Tty { get; init; }
}
