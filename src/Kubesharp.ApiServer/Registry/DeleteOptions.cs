namespace Kubesharp.ApiServer.Registry;

/// <summary>A delete's options as upstream's metav1.DeleteOptions carries them (body or query).</summary>
public sealed record DeleteOptions
{
    /// <summary>Orphan, Background or Foreground; null is the resource's default (Background).</summary>
    public string? PropagationPolicy { get; init; }

    public string? PreconditionUid { get; init; }

    public string? PreconditionResourceVersion { get; init; }

    public long? GracePeriodSeconds { get; init; }

    public bool DryRun { get; init; }
}
