namespace Kubesharp.Storage;

/// <summary>A key at one revision. For a deletion event, Value is the deleted value and ModRevision the deletion's revision.</summary>
public sealed record KeyValue(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision);
