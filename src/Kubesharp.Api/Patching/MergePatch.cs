using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>RFC 7386 JSON Merge Patch: objects merge key by key, null deletes, anything else (arrays included) replaces.</summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            result.TryGetPropertyValue(key, out var existing);
            var merged = Apply(existing, value);
            // Detach before re-adding: a JsonNode can have only one parent.
            if (!ReferenceEquals(merged, existing))
            {
                result[key] = merged;
            }
        }

        return result;
    }
}
