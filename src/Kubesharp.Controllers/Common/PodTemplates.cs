using System.Text.Json.Nodes;

namespace Kubesharp.Controllers.Common;

/// <summary>Turns a workload's pod template into a pod to create (upstream's GetPodFromTemplate).</summary>
internal static class PodTemplates
{
    /// <param name="template">spec.template of the owner.</param>
    /// <param name="controllerRef">The owner reference the pod gets.</param>
    /// <param name="generateName">Prefix; the server appends 5 random characters.</param>
    public static JsonObject NewPod(JsonObject template, string @namespace, JsonObject controllerRef, string generateName)
    {
        var templateMeta = template["metadata"] as JsonObject;
        var metadata = new JsonObject
        {
            ["generateName"] = generateName,
            ["namespace"] = @namespace,
            ["labels"] = templateMeta?["labels"]?.DeepClone() ?? new JsonObject(),
            ["ownerReferences"] = new JsonArray(controllerRef.DeepClone()),
        };
        if (templateMeta?["annotations"] is JsonObject annotations)
        {
            metadata["annotations"] = annotations.DeepClone();
        }

        if (templateMeta?["finalizers"] is JsonArray finalizers)
        {
            metadata["finalizers"] = finalizers.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }
}
