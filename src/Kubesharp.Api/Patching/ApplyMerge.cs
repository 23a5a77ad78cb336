using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// Merges an apply configuration into the live object (upstream's typed merge): objects merge,
/// atomic lists are replaced, sets gain values, keyed lists merge item by item; and removes
/// fields by path when an applier stops setting them.
/// </summary>
internal sealed class ApplyMerge(IPatchMetadata metadata)
{
    public void MergeObject(JsonObject target, JsonObject config, string? type)
    {
        foreach (var (key, value) in config)
        {
            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            target.TryGetPropertyValue(key, out var existing);
            var merged = MergeValue(existing, value, metadata.Field(type, key));
            if (!ReferenceEquals(merged, existing))
            {
                target[key] = merged;
            }
        }
    }

    private JsonNode MergeValue(JsonNode? existing, JsonNode config, FieldPatchInfo? field)
    {
        switch (config)
        {
            case JsonObject configObject:
                var target = existing as JsonObject ?? [];
                MergeObject(target, configObject, field?.Type);
                return target;
            case JsonArray configArray when existing is JsonArray live && field?.List is ListKind.Set:
                foreach (var item in configArray)
                {
                    if (!live.Any(l => JsonNode.DeepEquals(l, item)))
                    {
                        live.Add(item?.DeepClone());
                    }
                }

                return live;
            case JsonArray configArray when existing is JsonArray live && field?.List is ListKind.Map
                && configArray.All(i => i is JsonObject) && live.All(i => i is JsonObject):
                foreach (var item in configArray.Cast<JsonObject>())
                {
                    var key = FieldPath.Key(item, field.MapKeys);
                    var match = live.Cast<JsonObject>().FirstOrDefault(l => FieldPath.Key(l, field.MapKeys) == key);
                    if (match is not null)
                    {
                        MergeObject(match, item, field.Type);
                    }
                    else
                    {
                        live.Add(item.DeepClone());
                    }
                }

                return live;
            default:
                return config.DeepClone();
        }
    }

    /// <summary>Removes each path from <paramref name="obj"/>; deepest first so an item's fields go before the item.</summary>
    public static void Remove(JsonObject obj, FieldSet paths)
    {
        foreach (var path in paths.Paths.OrderByDescending(p => FieldPath.Elements(p).Length))
        {
            var elements = FieldPath.Elements(path);
            var parent = Find(obj, elements.AsSpan(0, elements.Length - 1));
            var last = elements[^1];
            switch (parent)
            {
                case JsonObject o when last.StartsWith("f:", StringComparison.Ordinal):
                    o.Remove(last[2..]);
                    break;
                case JsonArray a:
                    var index = IndexOf(a, last);
                    if (index >= 0)
                    {
                        a.RemoveAt(index);
                    }

                    break;
            }
        }
    }

    private static JsonNode? Find(JsonNode? node, ReadOnlySpan<string> elements)
    {
        foreach (var element in elements)
        {
            node = node switch
            {
                JsonObject o when element.StartsWith("f:", StringComparison.Ordinal) => o[element[2..]],
                JsonArray a => IndexOf(a, element) is var i and >= 0 ? a[i] : null,
                _ => null,
            };
        }

        return node;
    }

    private static int IndexOf(JsonArray array, string element)
    {
        if (element.StartsWith("k:", StringComparison.Ordinal))
        {
            var keys = JsonNode.Parse(element[2..])!.AsObject().Select(kv => kv.Key).ToList();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject item && FieldPath.Key(item, keys) == element)
                {
                    return i;
                }
            }
        }
        else if (element.StartsWith("v:", StringComparison.Ordinal))
        {
            var value = JsonNode.Parse(element[2..]);
            for (var i = 0; i < array.Count; i++)
            {
                if (JsonNode.DeepEquals(array[i], value))
                {
                    return i;
                }
            }
        }

        return -1;
    }
}
