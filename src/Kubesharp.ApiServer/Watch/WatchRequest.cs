using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// What one watch asks for: a resource, a namespace (null: all), a filter, and where to start
/// (<paramref name="ResourceVersion"/> null or "0": current objects as ADDED first, then changes).
/// </summary>
public sealed record WatchRequest(ResourceType Type, string? Namespace, ObjectFilter Filter, string? ResourceVersion)
{
    /// <summary>
    /// sendInitialEvents (the watch-list protocol): true sends the current objects as ADDED first
    /// whatever the resourceVersion, false never does (changes from the resourceVersion, or from now);
    /// null keeps the legacy meaning of <see cref="ResourceVersion"/>.
    /// </summary>
    public bool? SendInitialEvents { get; init; }

    /// <summary>After the initial events, a BOOKMARK annotated k8s.io/initial-events-end (when bookmarks are allowed).</summary>
    public bool InitialEventsEndBookmark { get; init; }
}
