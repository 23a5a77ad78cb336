namespace Kubesharp.Client.Rest;

/// <summary>Delete options: propagation ("Foreground", "Background", "Orphan") and preconditions.</summary>
public sealed record DeleteRequest
{
    public string? PropagationPolicy { get; init; }

    public long? GracePeriodSeconds { get; init; }

    /// <summary>Delete only if the object still has this uid.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Delete only if the object is still at this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }
}
