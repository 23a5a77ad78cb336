namespace Kubesharp.Storage;

/// <summary>Why a store operation failed; the API server maps each to an HTTP status.</summary>
public enum StoreErrorCode
{
    /// <summary>The key does not exist (404).</summary>
    KeyNotFound,

    /// <summary>Create of a key that already exists (409 AlreadyExists).</summary>
    KeyExists,

    /// <summary>The key's modRevision is not the expected one (409 Conflict).</summary>
    Conflict,

    /// <summary>The requested revision is older than the compacted history (410 Gone).</summary>
    Compacted,

    /// <summary>A watcher fell too far behind and was cut off; it must list again (410 Gone).</summary>
    WatcherTooSlow,

    /// <summary>The backend cannot be reached or answered with an error (503).</summary>
    Unavailable,

    /// <summary>The data file is not a Kubesharp store or is damaged.</summary>
    Corrupt,
}
