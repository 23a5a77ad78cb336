using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>apps/v1 Deployments: upstream's SetDefaults_Deployment, plus pod defaults in the template.</summary>
internal sealed class DeploymentStrategy : DefaultStrategy
{
    public DeploymentStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: false)
    {
    }

    protected override void ApplyDefaults(JsonObject obj)
    {
        var spec = Child(obj, "spec");

        spec["replicas"] ??= 1;
        var strategy = Child(spec, "strategy");

        strategy["type"] ??= "RollingUpdate";
        if (strategy["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "RollingUpdate")
        {
            var rolling = Child(strategy, "rollingUpdate");

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
