namespace Kubesharp.Api.Schema;

/// <summary>
/// What upstream's schema says about one field, for strategic merge patch and server-side apply:
/// the x-kubernetes-patch-strategy ("merge", "retainKeys", "merge,retainKeys"), the
/// x-kubernetes-patch-merge-key, the x-kubernetes-list-type ("atomic", "set", "map") and the
/// x-kubernetes-list-map-keys. Null/empty where the schema has none.
/// </summary>
public sealed record PatchField(
    FieldShape Shape,
    string? PatchStrategy,
    string? PatchMergeKey,
    string? ListType,
    IReadOnlyList<string> ListMapKeys)
{
    /// <summary>True when lists of this field merge element-wise by <see cref="PatchMergeKey"/>.</summary>
    public bool MergesByKey => PatchMergeKey is not null && PatchStrategy is not null && PatchStrategy.Contains("merge", StringComparison.Ordinal);
}
