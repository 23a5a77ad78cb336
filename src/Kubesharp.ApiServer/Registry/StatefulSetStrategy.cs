using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// apps/v1 StatefulSets: upstream's SetDefaults_StatefulSet (OrderedReady, RollingUpdate with
/// partition 0, Retain/Retain claim retention, 10 revisions, 1 replica), plus pod defaults in the template.
/// </summary>
internal sealed class StatefulSetStrategy : DefaultStrategy
{
    public StatefulSetStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: false)
    {
    }

    protected override void ApplyDefaults(JsonObject obj)
    {
        var spec = Child(obj, "spec");
        spec["replicas"] ??= 1;
        spec["podManagementPolicy"] ??= "OrderedReady";
        var strategy = Child(spec, "updateStrategy");
        strategy["type"] ??= "RollingUpdate";
        if (strategy["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "RollingUpdate")
        {
            Child(strategy, "rollingUpdate")["partition"] ??= 0;
        }

        var retention = Child(spec, "persistentVolumeClaimRetentionPolicy");
        retention["whenDeleted"] ??= "Retain";
        retention["whenScaled"] ??= "Retain";
        spec["revisionHistoryLimit"] ??= 10;
        if (spec["template"] is JsonObject template && template["spec"] is JsonObject podSpec)
        {
            PodDefaults.ApplyToSpec(podSpec);
        }
    }
}
