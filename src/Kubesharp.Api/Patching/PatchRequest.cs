namespace Kubesharp.Api.Patching;

/// <summary>
/// What a PATCH needs besides the bodies: the kind being patched (strategic merge looks up merge
/// keys by it), and for server-side apply the field manager and whether to force conflicts.
/// </summary>
public sealed record PatchRequest(PatchType Type, string ApiVersion, string Kind, string? FieldManager = null, bool Force = false);
