using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// metadata.managedFields bookkeeping for writes that are not server-side apply (create, update,
/// and json/merge/strategic patches), so a later <c>kubectl apply --server-side</c> sees who owns
/// what, exactly as upstream records "Update" entries.
/// </summary>
public static class ManagedFields
{
    /// <summary>
    /// Returns a copy of <paramref name="after"/> whose managedFields record that
    /// <paramref name="manager"/> (operation Update, at <paramref name="apiVersion"/>) now owns
    /// every field it added or changed; other managers lose those fields, and fields the write
    /// removed leave every manager. Pass <paramref name="before"/> null for a create.
    /// If <paramref name="after"/> carries its own managedFields they are the starting point (a
    /// client may reset them), otherwise <paramref name="before"/>'s are.
    /// </summary>
    /// <param name="subresource">"status" for writes to the status subresource: only status fields are recorded then; otherwise status is not.</param>
    /// <param name="inVersion">
    /// For kinds served in several versions: <paramref name="before"/> and <paramref name="after"/>
    /// converted to another apiVersion (null when it is not served), so the fields another manager
    /// owns in its own version are compared in that version, as upstream's field manager does.
    /// </param>
    public static JsonObject RecordUpdate(
        JsonObject? before,
        JsonObject after,
        string manager,
        string apiVersion,
        DateTimeOffset now,
        string? subresource = null,
        IPatchMetadata? metadata = null,
        Func<string, (JsonObject? Before, JsonObject After)?>? inVersion = null)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentException.ThrowIfNullOrEmpty(manager);
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        metadata ??= PatchMetadata.BuiltIn;
        var result = (JsonObject)after.DeepClone();
        var entries = after["metadata"] is JsonObject m && m.ContainsKey("managedFields") ? ManagerEntry.Read(after) : ManagerEntry.Read(before);
        var type = metadata.RootType((string?)after["apiVersion"] ?? apiVersion, (string?)after["kind"] ?? "");
        var walker = new FieldWalker(metadata);
        var comparison = FieldComparison.Of(walker.Walk(before ?? [], type), walker.Walk(result, type), subresource);

        var mine = new ManagerEntry(manager, ManagerEntry.Update, apiVersion, ManagerEntry.FormatTime(now), subresource, new FieldSet());
        var previous = entries.FirstOrDefault(e => e.Identity == mine.Identity);
        var comparisons = new Dictionary<string, FieldComparison>(StringComparer.Ordinal) { [apiVersion] = comparison };
        var updated = entries
            .Where(e => e.Identity != mine.Identity)
            .Select(e =>
            {
                var theirs = ComparisonIn(e.ApiVersion ?? apiVersion, comparisons, inVersion, walker, metadata, (string?)after["kind"] ?? "", subresource) ?? comparison;
                return e with { Fields = e.Fields.Except(theirs.Changed).Except(theirs.Removed) };
            })
            .ToList();
        var fields = (previous?.Fields ?? new FieldSet()).Except(comparison.Removed).Union(comparison.Changed);
        // Upstream stamps a new time only when the manager's field set changed.
        var time = previous is not null && fields.Except(previous.Fields).IsEmpty && previous.Fields.Except(fields).IsEmpty ? previous.Time : mine.Time;
        updated.Add(mine with { Fields = fields, Time = time });
        ManagerEntry.Write(result, updated);
        return result;
    }

    /// <summary>The write's changes seen in <paramref name="version"/>, or null to use the request version's.</summary>
    private static FieldComparison? ComparisonIn(
        string version,
        Dictionary<string, FieldComparison> known,
        Func<string, (JsonObject? Before, JsonObject After)?>? inVersion,
        FieldWalker walker,
        IPatchMetadata metadata,
        string kind,
        string? subresource)
    {
        if (known.TryGetValue(version, out var comparison))
        {
            return comparison;
        }

        if (string.IsNullOrEmpty(version) || inVersion?.Invoke(version) is not { } shapes)
        {
            return null;
        }

        var type = metadata.RootType(version, kind);
        comparison = FieldComparison.Of(walker.Walk(shapes.Before ?? [], type), walker.Walk(shapes.After, type), subresource);
        known[version] = comparison;
        return comparison;
    }
}
