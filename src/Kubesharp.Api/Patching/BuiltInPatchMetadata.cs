using System.Collections.Frozen;

namespace Kubesharp.Api.Patching;

/// <summary>
/// Upstream's merge keys and list types for the built-in kinds, transcribed from the struct tags
/// in k8s.io/api (core/v1, apps/v1, batch/v1, autoscaling/v2, policy/v1) and apimachinery's
/// ObjectMeta. Only fields whose lists merge (or are sets) are listed; every other list is atomic
/// and every other object merges field by field, which is what upstream does for untagged fields.
/// Kinds it does not know (custom resources included) get the generic "Object" root, so their
/// metadata still merges like upstream's ObjectMeta.
/// </summary>
internal sealed class BuiltInPatchMetadata : IPatchMetadata
{
    private const string GenericRoot = "Object";

    private static readonly FrozenDictionary<string, FrozenDictionary<string, FieldPatchInfo>> Types = BuildTypes();

    // (group, kind) -> root type. Kinds without merged lists simply use the generic root.
    private static readonly FrozenDictionary<(string Group, string Kind), string> Roots = new Dictionary<(string, string), string>
    {
        [("", "Pod")] = "Pod",
        [("", "PodTemplate")] = "PodTemplate",
        [("", "ReplicationController")] = "ReplicationController",
        [("", "Service")] = "Service",
        [("", "ServiceAccount")] = "ServiceAccount",
        [("", "Node")] = "Node",
        [("", "Namespace")] = "Namespace",
        [("", "PersistentVolumeClaim")] = "PersistentVolumeClaim",
        [("", "ComponentStatus")] = "ComponentStatus",
        [("apps", "Deployment")] = "Workload",
        [("apps", "ReplicaSet")] = "Workload",
        [("apps", "StatefulSet")] = "Workload",
        [("apps", "DaemonSet")] = "Workload",
        [("batch", "Job")] = "Job",
        [("batch", "CronJob")] = "CronJob",
        [("autoscaling", "HorizontalPodAutoscaler")] = "WithConditions",
        [("policy", "PodDisruptionBudget")] = "PodDisruptionBudget",
    }.ToFrozenDictionary();

    public static BuiltInPatchMetadata Instance { get; } = new();

    public string? RootType(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        return Roots.TryGetValue((group, kind), out var root) ? root : GenericRoot;
    }

    public FieldPatchInfo? Field(string? type, string field) =>
        type is not null && Types.TryGetValue(type, out var fields) && fields.TryGetValue(field, out var info) ? info : null;

    private static FieldPatchInfo Obj(string type) => new() { Type = type };

    /// <summary>patchStrategy merge + patchMergeKey, listType map (the listMapKeys start with the merge key).</summary>
    private static FieldPatchInfo Keyed(string? itemType, string key, params string[] moreMapKeys) =>
        new() { Type = itemType, MergeStrategy = true, MergeKey = key, List = ListKind.Map, MapKeys = [key, .. moreMapKeys] };

    /// <summary>Merged by key for strategic merge, but <c>listType=atomic</c> for apply (JobStatus.conditions, PodStatus.hostIPs).</summary>
    private static FieldPatchInfo KeyedAtomic(string key) => new() { MergeStrategy = true, MergeKey = key, List = ListKind.Atomic };

    /// <summary>A scalar list with patchStrategy merge and listType set (finalizers, podCIDRs).</summary>
    private static FieldPatchInfo MergedSet() => new() { MergeStrategy = true, List = ListKind.Set };

    private static FrozenDictionary<string, FrozenDictionary<string, FieldPatchInfo>> BuildTypes()
    {
        var conditions = Keyed(null, "type");
        var t = new Dictionary<string, Dictionary<string, FieldPatchInfo>>
        {
            ["ObjectMeta"] = new()
            {
                ["finalizers"] = MergedSet(),
                ["ownerReferences"] = Keyed(null, "uid"),
            },
            [GenericRoot] = new() { ["metadata"] = Obj("ObjectMeta") },
            ["Pod"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("PodSpec"), ["status"] = Obj("PodStatus") },
            ["PodTemplate"] = new() { ["metadata"] = Obj("ObjectMeta"), ["template"] = Obj("PodTemplateSpec") },
            ["PodTemplateSpec"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("PodSpec") },
            ["PodSpec"] = new()
            {
                ["volumes"] = Keyed(null, "name") with { RetainKeys = true },
                ["initContainers"] = Keyed("Container", "name"),
                ["containers"] = Keyed("Container", "name"),
                ["ephemeralContainers"] = Keyed("Container", "name"),
                ["imagePullSecrets"] = Keyed(null, "name"),
                ["hostAliases"] = Keyed(null, "ip"),
                ["topologySpreadConstraints"] = Keyed(null, "topologyKey", "whenUnsatisfiable"),
                ["schedulingGates"] = Keyed(null, "name"),
                ["resourceClaims"] = Keyed(null, "name") with { RetainKeys = true },
            },
            ["Container"] = new()
            {
                ["ports"] = Keyed(null, "containerPort", "protocol"),
                ["env"] = Keyed(null, "name"),
                ["volumeMounts"] = Keyed(null, "mountPath"),
                ["volumeDevices"] = Keyed(null, "devicePath"),
                ["resources"] = Obj("ResourceRequirements"),
            },
            ["ResourceRequirements"] = new()
            {
                // listType=map without a patch strategy: apply merges it, strategic merge replaces it.
                ["claims"] = new FieldPatchInfo { List = ListKind.Map, MapKeys = ["name"] },
            },
            ["PodStatus"] = new()
            {
                ["conditions"] = conditions,
                ["podIPs"] = Keyed(null, "ip"),
                ["hostIPs"] = KeyedAtomic("ip"),
                ["resourceClaimStatuses"] = Keyed(null, "name") with { RetainKeys = true },
            },
            ["ConditionsStatus"] = new() { ["conditions"] = conditions },
            ["WithConditions"] = new() { ["metadata"] = Obj("ObjectMeta"), ["status"] = Obj("ConditionsStatus") },
            ["ReplicationController"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("WorkloadSpec"), ["status"] = Obj("ConditionsStatus") },
            ["Workload"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("WorkloadSpec"), ["status"] = Obj("ConditionsStatus") },
            ["WorkloadSpec"] = new()
            {
                ["template"] = Obj("PodTemplateSpec"),
                // Deployment's strategy: patchStrategy retainKeys (the other workloads have no "strategy").
                ["strategy"] = new FieldPatchInfo { RetainKeys = true },
            },
            ["Job"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("JobSpec"), ["status"] = Obj("JobStatus") },
            ["JobSpec"] = new() { ["template"] = Obj("PodTemplateSpec") },
            ["JobStatus"] = new() { ["conditions"] = KeyedAtomic("type") },
            ["CronJob"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("CronJobSpec") },
            ["CronJobSpec"] = new() { ["jobTemplate"] = Obj("JobTemplateSpec") },
            ["JobTemplateSpec"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("JobSpec") },
            ["Service"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("ServiceSpec"), ["status"] = Obj("ConditionsStatus") },
            ["ServiceSpec"] = new() { ["ports"] = Keyed(null, "port", "protocol") },
            ["ServiceAccount"] = new() { ["metadata"] = Obj("ObjectMeta"), ["secrets"] = Keyed(null, "name") },
            ["Node"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("NodeSpec"), ["status"] = Obj("NodeStatus") },
            ["NodeSpec"] = new() { ["podCIDRs"] = MergedSet() },
            ["NodeStatus"] = new() { ["conditions"] = conditions, ["addresses"] = Keyed(null, "type") },
            ["Namespace"] = new() { ["metadata"] = Obj("ObjectMeta"), ["status"] = Obj("ConditionsStatus") },
            ["PersistentVolumeClaim"] = new() { ["metadata"] = Obj("ObjectMeta"), ["status"] = Obj("ConditionsStatus") },
            ["ComponentStatus"] = new() { ["metadata"] = Obj("ObjectMeta"), ["conditions"] = conditions },
            ["PodDisruptionBudget"] = new() { ["metadata"] = Obj("ObjectMeta"), ["spec"] = Obj("PodDisruptionBudgetSpec"), ["status"] = Obj("ConditionsStatus") },
            ["PodDisruptionBudgetSpec"] = new() { ["selector"] = new FieldPatchInfo { ReplaceStrategy = true } },
        };
        return t.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenDictionary());
    }
}
