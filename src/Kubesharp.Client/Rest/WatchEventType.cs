namespace Kubesharp.Client.Rest;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Carries only metadata.resourceVersion: progress, so a re-watch can start from there.</summary>
    Bookmark,

    /// <summary>The object is a metav1.Status; the watch ends after it.</summary>
    Error,
}
