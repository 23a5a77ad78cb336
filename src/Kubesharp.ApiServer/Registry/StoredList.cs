using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// One list answer as stored values: the list's kind and apiVersion, the revision it was read at,
/// the continue token and remaining count of a limited list, and the items' stored bytes (which
/// lack resourceVersion: it is their modRevision).
/// </summary>
public sealed record StoredList(string Kind, string ApiVersion, long Revision, string? Continue, long? RemainingCount, IReadOnlyList<KeyValue> Items);
