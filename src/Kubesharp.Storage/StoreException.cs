namespace Kubesharp.Storage;

/// <summary>A store operation failed for a reason the caller can act on; see <see cref="Code"/>.</summary>
public sealed class StoreException : Exception
{
    public StoreException(StoreErrorCode code, string message, string? key = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Key = key;
    }

    public StoreException()
        : this(StoreErrorCode.Unavailable, "store error")
    {
    }

    public StoreException(string message)
        : this(StoreErrorCode.Unavailable, message)
    {
    }

    public StoreException(string message, Exception innerException)
        : this(StoreErrorCode.Unavailable, message, null, innerException)
    {
    }

    public StoreErrorCode Code { get; }

    /// <summary>The key the operation was about, when there is one.</summary>
    public string? Key { get; }

    /// <summary>For <see cref="StoreErrorCode.Compacted"/>: the oldest revision still available.</summary>
    public long CompactRevision { get; init; }

    /// <summary>For <see cref="StoreErrorCode.Conflict"/>: the key as it is now, when the backend knows it.</summary>
    public KeyValue? Current { get; init; }
}
