using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// Server-side apply (upstream's structured-merge-diff Apply): merge the configuration into the
/// live object, drop fields this applier set before but no longer sets (unless someone else owns
/// them), refuse to change fields other managers own unless forced, and record the applier's
/// fields in metadata.managedFields.
/// </summary>
internal static class ServerSideApply
{
    public static JsonObject Apply(JsonObject live, ReadOnlyMemory<byte> body, PatchRequest request, IPatchMetadata metadata)
    {
        if (string.IsNullOrEmpty(request.FieldManager))
        {
            throw new PatchException(400, "PATCH requests with apply must have a fieldManager (the fieldManager query parameter)");
        }

        var config = ApplyBody.Parse(body);
        if (config["metadata"] is JsonObject configMeta && configMeta.TryGetPropertyValue("managedFields", out var mf) && mf is not null)
        {
            throw new PatchException(400, "metadata.managedFields must be nil");
        }

        var type = metadata.RootType(request.ApiVersion, request.Kind);
        var walker = new FieldWalker(metadata);
        var entries = ManagerEntry.Read(live);
        var me = new ManagerEntry(request.FieldManager, ManagerEntry.Apply, request.ApiVersion,
            ManagerEntry.FormatTime(request.Now ?? DateTimeOffset.UtcNow), request.Subresource, FieldWalker.Owned(walker.Walk(config, type, request.Subresource).Members, request.Subresource));
        var previous = entries.FirstOrDefault(e => e.Identity == me.Identity);
        var others = entries.Where(e => e.Identity != me.Identity).ToList();
        var ownedByOthers = others.Aggregate(new FieldSet(), (all, e) => all.Union(e.Fields));

        var result = (JsonObject)live.DeepClone();
        new ApplyMerge(metadata).MergeObject(result, config, type);

        if (previous is not null)
        {
            // Fields this applier gave up go away, unless another manager owns them or something beneath them.
            var dropped = previous.Fields.Except(me.Fields).Where(path =>
                !ownedByOthers.Contains(path) && !ownedByOthers.Paths.Any(o => FieldPath.IsPrefixOf(path, o)));
            ApplyMerge.Remove(result, dropped);
        }

        var comparison = FieldComparison.Of(walker.Walk(live, type, request.Subresource), walker.Walk(result, type, request.Subresource), request.Subresource);
        var conflicts = others
            .Select(e => (Entry: e, Paths: e.Fields.Intersect(comparison.Changed)))
            .Where(c => !c.Paths.IsEmpty)
            .ToList();
        if (conflicts.Count > 0 && !request.Force)
        {
            throw Conflict(conflicts);
        }

        var updated = others
            .Select(e => e with { Fields = e.Fields.Except(comparison.Changed).Except(comparison.Removed) })
            .ToList();
        var unchanged = previous is not null && previous.Fields.Except(me.Fields).IsEmpty && me.Fields.Except(previous.Fields).IsEmpty;
        updated.Add(unchanged ? me with { Time = previous!.Time } : me);
        ManagerEntry.Write(result, updated);
        return result;
    }

    private static PatchException Conflict(List<(ManagerEntry Entry, FieldSet Paths)> conflicts)
    {
        var all = conflicts
            .SelectMany(c => c.Paths.Paths.Order(StringComparer.Ordinal).Select(p => (c.Entry, Path: FieldPath.Display(p))))
            .ToList();
        var causes = all.Select(c => new PatchCause("FieldManagerConflict", $"conflict with {c.Entry.Describe()}", c.Path)).ToList();
        if (all.Count == 1)
        {
            return new PatchException(409, $"Apply failed with 1 conflict: conflict with {all[0].Entry.Describe()}: {all[0].Path}") { Causes = causes };
        }

        var lines = all.GroupBy(c => c.Entry.Describe())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Select(c => $"- {c.Path}").Prepend($"conflicts with {g.Key}:"));
        return new PatchException(409, $"Apply failed with {all.Count} conflicts: {string.Join("\n", lines)}") { Causes = causes };
    }
}
