using System.Text.Json.Nodes;

namespace Kubesharp.SchemaGen;

/// <summary>
/// The x-kubernetes-* extensions upstream derives from Go struct tags (patchStrategy,
/// patchMergeKey, +listType, +listMapKey). The client models drop them, so they are listed here,
/// transcribed from k8s.io/api and apimachinery's types.go (v1.32).
/// </summary>
internal static class ListExtensions
{
    private sealed record Entry(string? Strategy, string? MergeKey, string? ListType, string[]? MapKeys);

    private static readonly string[] Name = ["name"];
    private static readonly string[] Type = ["type"];
    private static readonly Entry MergeByName = new("merge", "name", "map", Name);
    private static readonly Entry Conditions = new("merge", "type", "map", Type);
    private static readonly Entry Atomic = new(null, null, "atomic", null);

    // Keyed by the definition name without "io.k8s.api." / "io.k8s.apimachinery.pkg.apis.", then "/field".
    private static readonly Dictionary<string, Entry> Entries = new()
    {
        ["core.v1.PodSpec/volumes"] = new("merge,retainKeys", "name", "map", Name),
        ["core.v1.PodSpec/initContainers"] = MergeByName,
        ["core.v1.PodSpec/containers"] = MergeByName,
        ["core.v1.PodSpec/ephemeralContainers"] = MergeByName,
        ["core.v1.PodSpec/imagePullSecrets"] = MergeByName,
        ["core.v1.PodSpec/hostAliases"] = new("merge", "ip", "map", ["ip"]),
        ["core.v1.PodSpec/topologySpreadConstraints"] = new("merge", "topologyKey", "map", ["topologyKey", "whenUnsatisfiable"]),
        ["core.v1.PodSpec/tolerations"] = Atomic,
        ["core.v1.PodSpec/readinessGates"] = Atomic,
        ["core.v1.PodSpec/schedulingGates"] = MergeByName,
        ["core.v1.PodSpec/resourceClaims"] = new("merge,retainKeys", "name", "map", Name),
        ["core.v1.Container/ports"] = new("merge", "containerPort", "map", ["containerPort", "protocol"]),
        ["core.v1.Container/env"] = MergeByName,
        ["core.v1.Container/volumeMounts"] = new("merge", "mountPath", "map", ["mountPath"]),
        ["core.v1.Container/volumeDevices"] = new("merge", "devicePath", "map", ["devicePath"]),
        ["core.v1.Container/envFrom"] = Atomic,
        ["core.v1.Container/args"] = Atomic,
        ["core.v1.Container/command"] = Atomic,
        ["core.v1.Container/resizePolicy"] = Atomic,
        ["core.v1.EphemeralContainer/ports"] = new("merge", "containerPort", "map", ["containerPort", "protocol"]),
        ["core.v1.EphemeralContainer/env"] = MergeByName,
        ["core.v1.EphemeralContainer/volumeMounts"] = new("merge", "mountPath", "map", ["mountPath"]),
        ["core.v1.EphemeralContainer/volumeDevices"] = new("merge", "devicePath", "map", ["devicePath"]),
        ["core.v1.EphemeralContainer/envFrom"] = Atomic,
        ["core.v1.EphemeralContainer/args"] = Atomic,
        ["core.v1.EphemeralContainer/command"] = Atomic,
        ["core.v1.PodStatus/conditions"] = Conditions,
        ["core.v1.PodStatus/podIPs"] = new("merge", "ip", "map", ["ip"]),
        ["core.v1.PodStatus/hostIPs"] = new("merge", "ip", "atomic", null),
        ["core.v1.PodStatus/containerStatuses"] = Atomic,
        ["core.v1.PodStatus/initContainerStatuses"] = Atomic,
        ["core.v1.PodStatus/ephemeralContainerStatuses"] = Atomic,
        ["core.v1.ResourceRequirements/claims"] = new(null, null, "map", Name),
        ["core.v1.ServiceSpec/ports"] = new("merge", "port", "map", ["port", "protocol"]),
        ["core.v1.ServiceSpec/externalIPs"] = Atomic,
        ["core.v1.ServiceSpec/clusterIPs"] = Atomic,
        ["core.v1.ServiceSpec/ipFamilies"] = Atomic,
        ["core.v1.ServiceSpec/loadBalancerSourceRanges"] = Atomic,
        ["core.v1.ServiceStatus/conditions"] = Conditions,
        ["core.v1.ServiceAccount/secrets"] = MergeByName,
        ["core.v1.ServiceAccount/imagePullSecrets"] = Atomic,
        ["core.v1.NodeSpec/taints"] = Atomic,
        ["core.v1.NodeSpec/podCIDRs"] = new("merge", null, "set", null),
        ["core.v1.NodeStatus/conditions"] = Conditions,
        ["core.v1.NodeStatus/addresses"] = Conditions,
        ["core.v1.NodeStatus/images"] = Atomic,
        ["core.v1.NodeStatus/volumesInUse"] = Atomic,
        ["core.v1.NodeStatus/volumesAttached"] = Atomic,
        ["core.v1.NamespaceStatus/conditions"] = Conditions,
        ["core.v1.PersistentVolumeClaimStatus/conditions"] = Conditions,
        ["core.v1.ReplicationControllerStatus/conditions"] = Conditions,
        ["core.v1.Endpoints/subsets"] = Atomic,
        ["meta.v1.ObjectMeta/finalizers"] = new("merge", null, "set", null),
        ["meta.v1.ObjectMeta/ownerReferences"] = new("merge", "uid", "map", ["uid"]),
        ["meta.v1.ObjectMeta/managedFields"] = Atomic,
        ["meta.v1.LabelSelector/matchExpressions"] = Atomic,
        ["apps.v1.DeploymentSpec/strategy"] = new("retainKeys", null, null, null),
        ["apps.v1.DeploymentStatus/conditions"] = Conditions,
        ["apps.v1.ReplicaSetStatus/conditions"] = Conditions,
        ["apps.v1.StatefulSetStatus/conditions"] = Conditions,
        ["apps.v1.DaemonSetStatus/conditions"] = Conditions,
        ["batch.v1.JobStatus/conditions"] = new("merge", "type", "atomic", null),
        ["batch.v1.CronJobStatus/active"] = Atomic,
        ["autoscaling.v2.HorizontalPodAutoscalerStatus/conditions"] = Conditions,
        ["autoscaling.v2.HorizontalPodAutoscalerSpec/metrics"] = Atomic,
        ["policy.v1.PodDisruptionBudgetStatus/conditions"] = Conditions,
        ["networking.v1.NetworkPolicySpec/ingress"] = Atomic,
        ["networking.v1.NetworkPolicySpec/egress"] = Atomic,
        ["networking.v1.NetworkPolicySpec/policyTypes"] = Atomic,
        ["rbac.v1.ClusterRole/rules"] = Atomic,
        ["rbac.v1.Role/rules"] = Atomic,
        ["rbac.v1.RoleBinding/subjects"] = Atomic,
        ["rbac.v1.ClusterRoleBinding/subjects"] = Atomic,
        ["apiextensions.v1.CustomResourceDefinitionStatus/conditions"] = new(null, null, "map", Type),
        ["apiextensions.v1.CustomResourceDefinitionSpec/versions"] = Atomic,
    };

    public static void Apply(string definition, string field, JsonObject schema)
    {
        var key = definition
            .Replace("io.k8s.apiextensions-apiserver.pkg.apis.", "", StringComparison.Ordinal)
            .Replace("io.k8s.apimachinery.pkg.apis.", "", StringComparison.Ordinal)
            .Replace("io.k8s.api.", "", StringComparison.Ordinal);
        if (!Entries.TryGetValue($"{key}/{field}", out var entry))
        {
            return;
        }

        if (entry.MapKeys is not null)
        {
            schema["x-kubernetes-list-map-keys"] = new JsonArray([.. entry.MapKeys.Select(k => (JsonNode)k)]);
        }

        if (entry.ListType is not null)
        {
            schema["x-kubernetes-list-type"] = entry.ListType;
        }

        if (entry.MergeKey is not null)
        {
            schema["x-kubernetes-patch-merge-key"] = entry.MergeKey;
        }

        if (entry.Strategy is not null)
        {
            schema["x-kubernetes-patch-strategy"] = entry.Strategy;
        }
    }
}
