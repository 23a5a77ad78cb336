using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>apps/v1 Deployments: upstream's SetDefaults_Deployment, plus pod defaults in the template.</summary>
internal sealed class DeploymentStrategy : DefaultStrategy
{
    public DeploymentStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: false)
    {
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        Default(obj);
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old) => Default(obj);

    private static void Default(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            spec = [];
            obj["spec"] = spec;
        }

        spec["replicas"] ??= 1;
        if (spec["strategy"] is not JsonObject strategy)
        {
            strategy = [];
            spec["strategy"] = strategy;
        }

        strategy["type"] ??= "RollingUpdate";
        if (strategy["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "RollingUpdate")
        {
            if (strategy["rollingUpdate"] is not JsonObject rolling)
            {
                rolling = [];
                strategy["rollingUpdate"] = rolling;
            }

            rolling["maxUnavailable"] ??= "25%";
            rolling["maxSurge"] ??= "25%";
        }

        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
        if (spec["template"] is JsonObject template && template["spec"] is JsonObject podSpec)
        {
            PodDefaults.ApplyToSpec(podSpec);
        }
    }
}
