using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// HorizontalPodAutoscalers in their stored autoscaling/v2 shape (both served versions): upstream's
/// SetDefaults_HorizontalPodAutoscaler — minReplicas 1, an 80% cpu target when no metric is
/// given, and the default scaling rules inside a behavior that leaves them out.
/// </summary>
internal sealed class HorizontalPodAutoscalerStrategy : DefaultStrategy
{
    // Upstream's autoscaling.DefaultCPUUtilization.
    private const int DefaultCpuUtilization = 80;

    public HorizontalPodAutoscalerStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: false)
    {
    }

    protected override void ApplyDefaults(JsonObject obj)
    {
        var spec = Child(obj, "spec");
        spec["minReplicas"] ??= 1;
        if (spec["metrics"] is not JsonArray { Count: > 0 })
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = DefaultCpuUtilization },
                },
            });
        }

        if (spec["behavior"] is JsonObject behavior)
        {
            Rules(Child(behavior, "scaleUp"), 0, [("Pods", 4), ("Percent", 100)]);
            Rules(Child(behavior, "scaleDown"), 300, [("Percent", 100)]);
        }
    }

    private static void Rules(JsonObject rules, int stabilizationWindowSeconds, (string Type, int Value)[] policies)
    {
        rules["stabilizationWindowSeconds"] ??= stabilizationWindowSeconds;
        rules["selectPolicy"] ??= "Max";
        if (rules["policies"] is not JsonArray { Count: > 0 })
        {
            rules["policies"] = new JsonArray([.. policies.Select(p => (JsonNode)new JsonObject { ["type"] = p.Type, ["value"] = p.Value, ["periodSeconds"] = 15 })]);
        }
    }
}
