using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>apps/v1 DaemonSets: upstream's SetDefaults_DaemonSet (RollingUpdate with maxUnavailable 1), plus pod defaults in the template.</summary>
internal sealed class DaemonSetStrategy : DefaultStrategy
{
    public DaemonSetStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: false)
    {
    }

    protected override void ApplyDefaults(JsonObject obj)
    {
        var spec = Child(obj, "spec");
        var strategy = Child(spec, "updateStrategy");
        strategy["type"] ??= "RollingUpdate";
        if (strategy["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "RollingUpdate")
        {
            var rolling = Child(strategy, "rollingUpdate");
            rolling["maxUnavailable"] ??= 1;
            rolling["maxSurge"] ??= 0;
        }

        spec["revisionHistoryLimit"] ??= 10;
        if (spec["template"] is JsonObject template && template["spec"] is JsonObject podSpec)
        {
            PodDefaults.ApplyToSpec(podSpec);
        }
    }
}
