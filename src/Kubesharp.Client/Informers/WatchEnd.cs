namespace Kubesharp.Client.Informers;

internal enum WatchEnd
{
    /// <summary>The server ended the stream cleanly; resume from the last resourceVersion.</summary>
    Closed,

    /// <summary>410 Gone: the resourceVersion is compacted; relist.</summary>
    Gone,

    /// <summary>Another ERROR event; relist after a backoff.</summary>
    Error,
}
