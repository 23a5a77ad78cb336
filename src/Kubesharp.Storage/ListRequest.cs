namespace Kubesharp.Storage;

/// <summary>
/// One page of a listing. <paramref name="Limit"/> 0 means no limit. <paramref name="Continue"/>
/// is the token of the previous page (it pins the revision). <paramref name="Revision"/> 0 means
/// the newest revision; a positive value reads the store as it was then.
/// </summary>
public sealed record ListRequest(string Prefix, long Limit = 0, string? Continue = null, long Revision = 0);
