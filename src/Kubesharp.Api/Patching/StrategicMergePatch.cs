using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// Strategic merge patch as upstream's strategicpatch package applies it on the server: objects
/// merge, null deletes, lists with <c>patchStrategy:"merge"</c> merge by their merge key (scalar
/// lists by value), other lists are replaced; the directives <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$deleteFromPrimitiveList/…</c> and <c>$setElementOrder/…</c> are honoured and never left in
/// the result. Works in place on <c>original</c>, which the caller has cloned.
/// </summary>
internal sealed class StrategicMergePatch(IPatchMetadata metadata)
{
    private const string Directive = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    public JsonObject MergeObject(JsonObject original, JsonObject patch, string? type)
    {
        if (patch.TryGetPropertyValue(Directive, out var directive))
        {
            switch (DirectiveName(directive))
            {
                case "replace":
                    // The object becomes the patch itself (minus the directive), cleaned of nested directives.
                    var replacement = (JsonObject)patch.DeepClone();
                    replacement.Remove(Directive);
                    return MergeObject([], replacement, type);
                case "delete":
                    return [];
                case "merge":
                    // Upstream rejects "merge" on objects with an internal error; merging is the harmless reading.
                    break;
                default:
                    throw new PatchException(400, $"unknown patch type: {directive?.ToJsonString()} in map: {patch.ToJsonString()}");
            }
        }

        ApplyRetainKeys(original, patch);
        var handled = ApplySetElementOrders(original, patch, type);

        foreach (var (key, value) in patch)
        {
            if (key == Directive || key == RetainKeysDirective || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal) || handled.Contains(key))
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(original, key[DeleteFromPrimitiveListPrefix.Length..], value);
                continue;
            }

            if (key.StartsWith('$'))
            {
                throw new PatchException(400, $"invalid patch: unknown directive \"{key}\"");
            }

            if (value is null)
            {
                original.Remove(key);
                continue;
            }

            var field = metadata.Field(type, key);
            original.TryGetPropertyValue(key, out var existing);
            original[key] = MergeValue(existing, value, field);
        }

        return original;
    }

    private JsonNode MergeValue(JsonNode? existing, JsonNode patch, FieldPatchInfo? field)
    {
        switch (patch)
        {
            case JsonObject patchObject when field?.ReplaceStrategy == true:
                return MergeObject([], (JsonObject)patchObject.DeepClone(), field.Type);
            case JsonObject patchObject:
                // A missing or differently-typed value merges into an empty object so directives are still processed.
                var target = existing as JsonObject ?? [];
                target = ReferenceEquals(target, existing) ? Detach(target) : target;
                return MergeObject(target, patchObject, field?.Type);
            case JsonArray patchArray when field?.MergeStrategy == true:
                return MergeList(existing is JsonArray a ? Detach(a) : [], patchArray, field);
            default:
                return patch.DeepClone();
        }
    }

    private static T Detach<T>(T node)
        where T : JsonNode
    {
        switch (node.Parent)
        {
            case JsonObject parent:
                parent[node.GetPropertyName()] = null;
                break;
            case JsonArray parent:
                parent[node.GetElementIndex()] = null;
                break;
        }

        return node;
    }

    private static string? DirectiveName(JsonNode? directive) =>
        directive is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeysDirective, out var retain))
        {
            return;
        }

        if (retain is not JsonArray list)
        {
            throw new PatchException(400, "invalid patch format of retainKeys");
        }

        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            keep.Add(DirectiveName(item) ?? throw new PatchException(400, "invalid patch format of retainKeys"));
        }

        foreach (var (key, value) in patch)
        {
            if (value is not null && !key.StartsWith('$') && !keep.Contains(key))
            {
                throw new PatchException(400, "invalid patch format of retainKeys");
            }
        }

        foreach (var key in original.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
        {
            original.Remove(key);
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string key, JsonNode? values)
    {
        if (values is not JsonArray toDelete || key.Length == 0)
        {
            throw new PatchException(400, "invalid patch format of primitive list");
        }

        if (original.TryGetPropertyValue(key, out var existing) && existing is JsonArray list)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (toDelete.Any(d => JsonNode.DeepEquals(d, list[i])))
                {
                    list.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Merges each list named by a <c>$setElementOrder/…</c> directive and orders it as the directive says; returns the keys it handled.</summary>
    private HashSet<string> ApplySetElementOrders(JsonObject original, JsonObject patch, string? type)
    {
        var handled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (directiveKey, orderNode) in patch)
        {
            if (!directiveKey.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = directiveKey[SetElementOrderPrefix.Length..];
            if (orderNode is not JsonArray order || key.Length == 0)
            {
                throw new PatchException(400, "invalid patch format of setElementOrder list");
            }

            var field = metadata.Field(type, key);
            original.TryGetPropertyValue(key, out var existing);
            patch.TryGetPropertyValue(key, out var patchValue);
            var originalList = existing as JsonArray;
            var patchList = patchValue as JsonArray;
            if (originalList is null && patchList is null)
            {
                continue;
            }

            var originalOrder = originalList?.Select(n => n?.DeepClone()).ToList() ?? [];
            JsonArray merged = (originalList, patchList) switch
            {
                (not null, null) => Detach(originalList),
                (null, not null) => (JsonArray)MergeValue(null, patchList, field),
                _ => field?.MergeStrategy == true ? MergeList(Detach(originalList!), patchList!, field) : (JsonArray)patchList!.DeepClone(),
            };

            var mergeKey = field?.MergeKey;
            var items = merged.ToList().Select(n => n is null ? null : Detach(n)).ToList();
            var inOrder = items.Where(i => IndexOf(order, i, mergeKey) >= 0).ToList();
            var serverOnly = items.Where(i => IndexOf(order, i, mergeKey) < 0).ToList();
            original[key] = new JsonArray([.. ListOrder.Normalize(inOrder, serverOnly, [.. order], originalOrder, mergeKey)]);
            handled.Add(key);
        }

        return handled;
    }

    private JsonArray MergeList(JsonArray original, JsonArray patch, FieldPatchInfo field)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return original;
        }

        var sample = original.Concat(patch).FirstOrDefault(n => n is not null);
        if (sample is JsonArray)
        {
            throw new PatchException(422, "lists of lists are not supported");
        }

        var originalItems = original.ToList().Select(n => n is null ? null : Detach(n)).ToList();
        List<JsonNode?> merged;
        List<JsonNode?> patchItems;
        var mergeKey = sample is JsonObject ? field.MergeKey : null;
        if (sample is not JsonObject)
        {
            patchItems = [.. patch.Select(n => n?.DeepClone())];
            merged = [.. originalItems];
            foreach (var item in patchItems)
            {
                if (!merged.Any(m => JsonNode.DeepEquals(m, item)))
                {
                    merged.Add(item);
                }
            }
        }
        else
        {
            if (mergeKey is null)
            {
                throw new PatchException(422, "cannot merge lists without merge key");
            }

            (originalItems, patchItems) = ApplyListDirectives(originalItems, patch, mergeKey);
            merged = [.. originalItems];
            foreach (var item in patchItems.Cast<JsonObject>())
            {
                var keyValue = item[mergeKey];
                var at = merged.FindIndex(m => m is JsonObject o && o.TryGetPropertyValue(mergeKey, out var v) && JsonNode.DeepEquals(v, keyValue));
                if (at >= 0)
                {
                    merged[at] = MergeObject((JsonObject)merged[at]!, item, field.Type);
                }
                else
                {
                    merged.Add(MergeObject([], item, field.Type));
                }
            }
        }

        var fromPatch = merged.Where(m => IndexOf(patchItems, m, mergeKey) >= 0).ToList();
        var serverOnly = merged.Where(m => IndexOf(patchItems, m, mergeKey) < 0).ToList();
        return new JsonArray([.. ListOrder.Normalize(fromPatch, serverOnly, patchItems, originalItems, mergeKey)]);
    }

    /// <summary>Applies <c>{"$patch": "delete", key: v}</c> and <c>{"$patch": "replace"}</c> items; returns the remaining original and patch items.</summary>
    private static (List<JsonNode?> Original, List<JsonNode?> Patch) ApplyListDirectives(List<JsonNode?> original, JsonArray patch, string mergeKey)
    {
        var rest = new List<JsonNode?>();
        var replace = false;
        foreach (var node in patch)
        {
            if (node is not JsonObject item)
            {
                throw new PatchException(422, $"list element types are not identical: {patch.ToJsonString()}");
            }

            if (!item.TryGetPropertyValue(mergeKey, out _) && !item.ContainsKey(Directive))
            {
                throw new PatchException(422, $"map: {item.ToJsonString()} does not contain declared merge key: {mergeKey}");
            }

            if (!item.TryGetPropertyValue(Directive, out var directive))
            {
                rest.Add(item.DeepClone());
                continue;
            }

            switch (DirectiveName(directive))
            {
                case "delete":
                    if (!item.TryGetPropertyValue(mergeKey, out var keyValue))
                    {
                        throw new PatchException(422, $"map: {item.ToJsonString()} does not contain declared merge key: {mergeKey}");
                    }

                    original.RemoveAll(o => o is JsonObject oo && oo.TryGetPropertyValue(mergeKey, out var v) && JsonNode.DeepEquals(v, keyValue));
                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge":
                    throw new PatchException(400, "merging lists cannot yet be specified in the patch");
                default:
                    throw new PatchException(400, $"unknown patch type: {directive?.ToJsonString()} in map: {item.ToJsonString()}");
            }
        }

        return replace ? ([], rest) : (original, rest);
    }

    internal static int IndexOf(IEnumerable<JsonNode?> list, JsonNode? item, string? mergeKey)
    {
        var i = 0;
        var key = mergeKey is not null && item is JsonObject o && o.TryGetPropertyValue(mergeKey, out var k) ? k : null;
        foreach (var candidate in list)
        {
            var matches = mergeKey is null
                ? JsonNode.DeepEquals(candidate, item)
                : candidate is JsonObject c && c.TryGetPropertyValue(mergeKey, out var ck) && JsonNode.DeepEquals(ck, key);
            if (matches)
            {
                return i;
            }

            i++;
        }

        return -1;
    }
}
