namespace Kubesharp.Kubelet.Cri;

/// <summary>A CRI call failed; the message names the call and carries the runtime's own explanation.</summary>
public sealed class CriException : Exception
{
    public CriException(string operation, CriErrorKind kind, string detail, Exception? innerException)
        : base($"CRI {operation} failed ({kind}): {detail}", innerException)
    {
        Operation = operation;
        Kind = kind;
        Detail = detail;
    }

    public CriException()
        : this("call", CriErrorKind.Failed, "unknown error", null)
    {
    }

    public CriException(string message)
        : this("call", CriErrorKind.Failed, message, null)
    {
    }

    public CriException(string message, Exception innerException)
        : this("call", CriErrorKind.Failed, message, innerException)
    {
    }

    /// <summary>The CRI method, e.g. RunPodSandbox.</summary>
    public string Operation { get; }

    public CriErrorKind Kind { get; }

    /// <summary>The runtime's message, unchanged.</summary>
    public string Detail { get; }
}
