namespace Kubesharp.Storage;

/// <summary>
/// A page of a listing: its items in key order, the revision every page of this listing is
/// read at, the token for the next page (null when this is the last) and how many keys remain
/// after this page.
/// </summary>
public sealed record ListResult(IReadOnlyList<KeyValue> Items, long Revision, string? Continue, long RemainingCount);
