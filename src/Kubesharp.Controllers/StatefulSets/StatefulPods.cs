using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.StatefulSets;

/// <summary>
/// A StatefulSet pod's stable identity as upstream's stateful_set_utils gives it: the name
/// <c>set-ordinal</c>, identity labels, hostname and subdomain, and one claim per volumeClaimTemplate.
/// </summary>
internal static class StatefulPods
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";
    public const string RevisionLabel = "controller-revision-hash";

    /// <summary>The ordinal in <c>set-N</c>, or null when the pod is not named as a member of the set.</summary>
    public static int? Ordinal(string setName, string? podName)
    {
        if (podName is null || podName.Length <= setName.Length + 1 || !podName.StartsWith(setName + "-", StringComparison.Ordinal))
        {
            return null;
        }

        var digits = podName[(setName.Length + 1)..];
        return digits.All(char.IsAsciiDigit) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public static int StartOrdinal(JsonObject set) => (int)(Json.Int(set, "spec", "ordinals", "start") ?? 0);

    public static string PodName(string setName, int ordinal) => $"{setName}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    public static string ClaimName(string templateName, string setName, int ordinal) => $"{templateName}-{PodName(setName, ordinal)}";

    public static string? Revision(JsonObject pod) => Json.Str(pod, "metadata", "labels", RevisionLabel);

    /// <summary>Running and Ready: what OrderedReady waits for before the next ordinal.</summary>
    public static bool IsRunningAndReady(JsonObject pod) => Json.Str(pod, "status", "phase") == "Running" && Pods.IsReady(pod);

    public static bool IsTerminating(JsonObject pod) => Json.Str(pod, "metadata", "deletionTimestamp") is not null;

    public static bool IsFinished(JsonObject pod) => Json.Str(pod, "status", "phase") is "Failed" or "Succeeded";

    /// <summary>The pod for <paramref name="ordinal"/> from <paramref name="template"/>, labelled with <paramref name="revision"/>.</summary>
    public static JsonObject NewPod(JsonObject set, JsonObject template, int ordinal, string revision)
    {
        var setName = Json.Str(set, "metadata", "name")!;
        var ns = Json.Str(set, "metadata", "namespace")!;
        var pod = PodTemplates.NewPod(template, ns, OwnerReferences.For(set, "apps/v1", "StatefulSet"), setName + "-");
        var metadata = Json.Metadata(pod);
        var name = PodName(setName, ordinal);
        metadata.Remove("generateName");
        metadata["name"] = name;
        var labels = (JsonObject)metadata["labels"]!;
        labels[PodNameLabel] = name;
        labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        labels[RevisionLabel] = revision;
        var spec = (JsonObject)pod["spec"]!;
        spec["hostname"] = name;
        if (Json.Str(set, "spec", "serviceName") is { Length: > 0 } service)
        {
            spec["subdomain"] = service;
        }

        AddClaimVolumes(set, spec, ordinal);
        return pod;
    }

    /// <summary>The claims the pod at <paramref name="ordinal"/> mounts, as they are created (upstream's getPersistentVolumeClaims).</summary>
    public static IReadOnlyList<JsonObject> Claims(JsonObject set, int ordinal)
    {
        var setName = Json.Str(set, "metadata", "name")!;
        var ns = Json.Str(set, "metadata", "namespace")!;
        var claims = new List<JsonObject>();
        foreach (var template in ClaimTemplates(set))
        {
            var claim = (JsonObject)template.DeepClone();
            var metadata = claim["metadata"] as JsonObject ?? [];
            claim["metadata"] = metadata;
            metadata["name"] = ClaimName(Json.Str(template, "metadata", "name")!, setName, ordinal);
            metadata["namespace"] = ns;
            if (metadata["labels"] is not JsonObject labels)
            {
                labels = [];
                metadata["labels"] = labels;
            }

            // The set's selector labels go on its claims so they can be found by selector.
            foreach (var (key, value) in set["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [])
            {
                labels[key] = value?.DeepClone();
            }

            if (Json.Str(set, "spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted") == "Delete")
            {
                metadata["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "StatefulSet",
                    ["name"] = setName,
                    ["uid"] = Json.Str(set, "metadata", "uid"),
                });
            }

            claim["apiVersion"] = "v1";
            claim["kind"] = "PersistentVolumeClaim";
            claim.Remove("status");
            claims.Add(claim);
        }

        return claims;
    }

    private static IEnumerable<JsonObject> ClaimTemplates(JsonObject set) =>
        (set["spec"]?["volumeClaimTemplates"] as JsonArray ?? []).OfType<JsonObject>().Where(t => Json.Str(t, "metadata", "name") is { Length: > 0 });

    private static void AddClaimVolumes(JsonObject set, JsonObject spec, int ordinal)
    {
        var templates = ClaimTemplates(set).ToList();
        if (templates.Count == 0)
        {
            return;
        }

        var names = templates.Select(t => Json.Str(t, "metadata", "name")!).ToHashSet(StringComparer.Ordinal);
        var volumes = new JsonArray();
        foreach (var volume in spec["volumes"] as JsonArray ?? [])
        {
            // A template's claim replaces a pod volume of the same name, as upstream does.
            if (!names.Contains(Json.Str(volume, "name") ?? string.Empty))
            {
                volumes.Add(volume?.DeepClone());
            }
        }

        var setName = Json.Str(set, "metadata", "name")!;
        foreach (var name in names)
        {
            volumes.Add((JsonNode)new JsonObject
            {
                ["name"] = name,
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = ClaimName(name, setName, ordinal) },
            });
        }

        spec["volumes"] = volumes;
    }
}
