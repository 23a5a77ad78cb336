namespace Kubesharp.Storage;

/// <summary>The outcome of a delete: the revision it was applied at and the value the key held before.</summary>
public sealed record DeleteResult(long Revision, KeyValue Previous);
