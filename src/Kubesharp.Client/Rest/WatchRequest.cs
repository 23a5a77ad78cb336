namespace Kubesharp.Client.Rest;

/// <summary>Watch parameters, as the upstream query string names them.</summary>
public sealed record WatchRequest
{
    /// <summary>Events after this version; null starts with synthetic ADDED events for what exists.</summary>
    public string? ResourceVersion { get; init; }

    public bool AllowWatchBookmarks { get; init; }

    /// <summary>The server ends the watch cleanly after this long.</summary>
    public int? TimeoutSeconds { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }
}
