namespace Kubesharp.Client.Joining;

/// <summary>Joining failed for a reason the user can act on; the message says which.</summary>
public sealed class NodeJoinException : Exception
{
    public NodeJoinException(string message)
        : base(message)
    {
    }

    public NodeJoinException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
