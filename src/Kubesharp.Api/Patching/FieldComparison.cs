using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>What changed between two objects, path by path (upstream's typed Compare).</summary>
internal sealed record FieldComparison(FieldSet Added, FieldSet Removed, FieldSet Modified)
{
    public static FieldComparison Of(FieldWalker.Facts before, FieldWalker.Facts after, string? subresource)
    {
        var modified = new FieldSet();
        foreach (var (path, value) in after.Leaves)
        {
            if (before.Leaves.TryGetValue(path, out var old) && !JsonNode.DeepEquals(old, value))
            {
                modified.Add(path);
            }
        }

        return new FieldComparison(
            FieldWalker.Owned(after.Members.Except(before.Members), subresource),
            FieldWalker.Owned(before.Members.Except(after.Members), subresource),
            FieldWalker.Owned(modified, subresource));
    }

    // Read once per other manager of the object: computed once.
    public FieldSet Changed { get; } = Added.Union(Modified);
}
