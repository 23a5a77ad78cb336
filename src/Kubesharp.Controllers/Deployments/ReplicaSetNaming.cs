using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.Deployments;

/// <summary>Builds a Deployment's ReplicaSet for one template (name, labels, selector, annotations) as upstream does.</summary>
internal static class ReplicaSetNaming
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string ChangeCauseAnnotation = "kubernetes.io/change-cause";

    public static JsonObject NewReplicaSet(JsonObject deployment, string hash, int replicas, long revision, int maxReplicas)
    {
        var name = Json.Str(deployment, "metadata", "name")!;
        var template = (JsonObject)(deployment["spec"]?["template"]?.DeepClone() ?? new JsonObject());
        var templateMeta = template["metadata"] as JsonObject ?? new JsonObject();
        template["metadata"] = templateMeta;
        var labels = templateMeta["labels"] as JsonObject ?? new JsonObject();
        templateMeta["labels"] = labels;
        labels[TemplateHash.Label] = hash;

        var selector = (JsonObject)(deployment["spec"]?["selector"]?.DeepClone() ?? new JsonObject());
        var matchLabels = selector["matchLabels"] as JsonObject ?? new JsonObject();
        selector["matchLabels"] = matchLabels;
        matchLabels[TemplateHash.Label] = hash;

        var annotations = new JsonObject
        {
            [RevisionAnnotation] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [DesiredReplicasAnnotation] = Json.Int(deployment, "spec", "replicas")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "1",
            [MaxReplicasAnnotation] = maxReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (Json.Str(deployment, "metadata", "annotations", ChangeCauseAnnotation) is { } cause)
        {
            annotations[ChangeCauseAnnotation] = cause;
        }

        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = selector,
            ["template"] = template,
        };
        if (Json.Int(deployment, "spec", "minReadySeconds") is { } minReady)
        {
            spec["minReadySeconds"] = minReady;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{name}-{hash}",
                ["namespace"] = Json.Str(deployment, "metadata", "namespace"),
                ["labels"] = labels.DeepClone(),
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(OwnerReferences.For(deployment, "apps/v1", "Deployment")),
            },
            ["spec"] = spec,
        };
    }

    public static long Revision(JsonObject rs) =>
        long.TryParse(Json.Str(rs, "metadata", "annotations", RevisionAnnotation), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : 0;
}
