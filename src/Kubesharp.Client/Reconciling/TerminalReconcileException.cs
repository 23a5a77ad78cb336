namespace Kubesharp.Client.Reconciling;

/// <summary>
/// A failure retrying cannot fix (invalid spec, say): the worker loop logs it and does not requeue,
/// as controller-runtime's reconcile.TerminalError. A later event for the key reconciles it again.
/// </summary>
public sealed class TerminalReconcileException : Exception
{
    public TerminalReconcileException()
    {
    }

    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
