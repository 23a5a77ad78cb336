using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.CustomResources;
using Kubesharp.Api.Objects;

namespace Kubesharp.ApiServer.CustomResources;

/// <summary>
/// The autoscaling/v1 Scale of a custom object, read from and written to the CRD's
/// specReplicasPath / statusReplicasPath / labelSelectorPath (missing values read as 0 and no selector).
/// </summary>
internal static class CustomResourceScale
{
    public static JsonObject FromObject(ScalePaths paths, JsonObject obj)
    {
        var metadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (ObjectMeta.GetString(obj, field) is { } value)
            {
                metadata[field] = value;
            }
        }

        var spec = new JsonObject();
        if (Integer(obj, paths.SpecReplicasPath) is { } replicas and not 0)
        {
            spec["replicas"] = replicas;
        }

        var status = new JsonObject { ["replicas"] = Integer(obj, paths.StatusReplicasPath) ?? 0 };
        if (paths.LabelSelectorPath is { } selectorPath && SimpleJsonPath.Find(obj, selectorPath) is [JsonValue selector] && selector.GetValueKind() == JsonValueKind.String)
        {
            status["selector"] = selector.GetValue<string>();
        }

        return new JsonObject
        {
            ["kind"] = Subresources.Scales.Kind,
            ["apiVersion"] = Subresources.Scales.ApiVersion,
            ["metadata"] = metadata,
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    /// <summary>Writes <paramref name="replicas"/> at the spec replicas path, creating the objects on the way.</summary>
    public static void SetReplicas(ScalePaths paths, JsonObject obj, long replicas)
    {
        var fields = SimpleJsonPath.Fields(paths.SpecReplicasPath);
        var node = obj;
        foreach (var field in fields[..^1])
        {
            if (node[field] is not JsonObject child)
            {
                child = [];
                node[field] = child;
            }

            node = child;
        }

        node[fields[^1]] = replicas;
    }

    private static long? Integer(JsonObject obj, string path) =>
        SimpleJsonPath.Find(obj, path) is [JsonValue v] && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;
}
