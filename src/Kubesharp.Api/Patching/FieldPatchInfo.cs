namespace Kubesharp.Api.Patching;

/// <summary>
/// The patch metadata of one field, as upstream's Go struct tags state it: the strategic-merge
/// strategy (<c>patchStrategy</c>, <c>patchMergeKey</c>) and the server-side-apply list type
/// (<c>listType</c>, <c>listMapKey</c>). <see cref="Type"/> names the field's object type, or the
/// item type for lists, so nested fields can be looked up.
/// </summary>
public sealed record FieldPatchInfo
{
    /// <summary>The object type (or list item type) name used for nested lookups; null when it has no interesting fields.</summary>
    public string? Type { get; init; }

    /// <summary><c>patchStrategy:"merge"</c>: strategic merge merges this list instead of replacing it.</summary>
    public bool MergeStrategy { get; init; }

    /// <summary><c>patchStrategy:"replace"</c> on an object: strategic merge replaces it whole.</summary>
    public bool ReplaceStrategy { get; init; }

    /// <summary><c>patchStrategy:"retainKeys"</c>: a <c>$retainKeys</c> directive may clear the other keys.</summary>
    public bool RetainKeys { get; init; }

    /// <summary><c>patchMergeKey</c>: the key strategic merge matches list items by; null for scalar lists.</summary>
    public string? MergeKey { get; init; }

    /// <summary>The server-side-apply list type.</summary>
    public ListKind List { get; init; }

    /// <summary><c>listMapKey</c>s for <see cref="ListKind.Map"/> lists, in upstream's order.</summary>
    public IReadOnlyList<string> MapKeys { get; init; } = [];
}
