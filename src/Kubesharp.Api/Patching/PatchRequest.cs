namespace Kubesharp.Api.Patching;

/// <summary>
/// What a PATCH needs besides the bodies: the kind being patched (strategic merge looks up merge
/// keys by it), and for server-side apply the field manager and whether to force conflicts.
/// </summary>
public sealed record PatchRequest(PatchType Type, string ApiVersion, string Kind, string? FieldManager = null, bool Force = false)
{
    /// <summary>
    /// True for custom resources: upstream refuses strategic merge for them (415), and apply
    /// treats their lists as atomic unless the metadata says otherwise.
    /// </summary>
    public bool CustomResource { get; init; }

    /// <summary>Merge keys and list types; the built-in table when not set.</summary>
    public IPatchMetadata? Metadata { get; init; }

    /// <summary>The time written into managedFields entries; the current UTC time when not set.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>The subresource patched ("status", "scale"), recorded in managedFields entries; null for the main resource.</summary>
    public string? Subresource { get; init; }
}
