namespace Kubesharp.Storage;

/// <summary>
/// A change to one key. <see cref="Current"/> is the key after the change (for a deletion:
/// the deleted value at the deletion's revision); <see cref="Previous"/> is the value before
/// it (null for a creation).
/// </summary>
public sealed record WatchEvent(WatchEventType Type, KeyValue Current, KeyValue? Previous)
{
    /// <summary>The revision at which the change happened.</summary>
    public long Revision => Current.ModRevision;
}
