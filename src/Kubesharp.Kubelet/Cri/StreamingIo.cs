namespace Kubesharp.Kubelet.Cri;

/// <summary>Which standard streams a streaming exec or attach carries, and whether it has a terminal.</summary>
public sealed record StreamingIo
{
    public static StreamingIo OutputOnly { get; } = new() { Stdout = true, Stderr = true };

    public bool Stdin { get; init; }

    public bool Stdout { get; init; }

    /// <summary>With a terminal, stderr is merged into stdout (as upstream); the runtime rejects both.</summary>
    public bool Stderr { get; init; }

    public bool Tty { get; init; }
}
