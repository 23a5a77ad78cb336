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
        return RecordUpdateInPlace(before, (JsonObject)after.DeepClone(), manager, apiVersion, now, subresource, metadata, inVersion);
    }

    /// <summary>
    /// <see cref="RecordUpdate"/> written into <paramref name="after"/> itself instead of a copy, for
    /// callers that replace their object with the result anyway (the registry's writes): the copy
    /// of the whole object was a share of every write's cost. Returns <paramref name="after"/>.
    /// </summary>
    public static JsonObject RecordUpdateInPlace(
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
        var entries = after["metadata"] is JsonObject m && m.ContainsKey("managedFields") ? ManagerEntry.Read(after) : ManagerEntry.Read(before);
        var kind = (string?)after["kind"] ?? "";
        var type = metadata.RootType((string?)after["apiVersion"] ?? apiVersion, kind);
        var walker = new FieldWalker(metadata);
        var comparison = FieldComparison.Of(walker.Walk(before ?? [], type, subresource), walker.Walk(after, type, subresource), subresource);

        var mine = new ManagerEntry(manager, ManagerEntry.Update, apiVersion, ManagerEntry.FormatTime(now), subresource, new FieldSet());
        var identity = mine.Identity;
        ManagerEntry? previous = null;
        Dictionary<string, FieldComparison>? comparisons = null;
        var updated = new List<ManagerEntry>(entries.Count + 1);
        foreach (var e in entries)
        {
            if (e.Identity == identity)
            {
                previous ??= e;
                continue;
            }

            var theirs = e.ApiVersion is null || e.ApiVersion == apiVersion
                ? comparison
                : ComparisonIn(e.ApiVersion, comparisons ??= new(StringComparer.Ordinal) { [apiVersion] = comparison }, inVersion, walker, metadata, kind, subresource) ?? comparison;
            updated.Add(e with { Fields = e.Fields.Except(theirs.Changed).Except(theirs.Removed) });
        }

        var fields = (previous?.Fields ?? new FieldSet()).Except(comparison.Removed).Union(comparison.Changed);
        // Upstream stamps a new time only when the manager's field set changed.
        var time = previous is not null && fields.SetEquals(previous.Fields) ? previous.Time : mine.Time;
        updated.Add(mine with { Fields = fields, Time = time });
        ManagerEntry.Write(after, updated);
        return after;
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
        comparison = FieldComparison.Of(walker.Walk(shapes.Before ?? [], type, subresource), walker.Walk(shapes.After, type, subresource), subresource);
        known[version] = comparison;
        return comparison;
    }
}
