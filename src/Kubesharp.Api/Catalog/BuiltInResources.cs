namespace Kubesharp.Api.Catalog;

/// <summary>The resources Kubesharp serves out of the box, named as upstream names them.</summary>
public static class BuiltInResources
{
    public static IReadOnlyList<ResourceType> All { get; } = Create();

    /// <summary>The built-in resource <paramref name="plural"/> of <paramref name="group"/> ("" for core), e.g. <c>Get("apps", "deployments")</c>.</summary>
    /// <exception cref="KeyNotFoundException">No such built-in resource.</exception>
    public static ResourceType Get(string group, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Plural == plural)
        ?? throw new KeyNotFoundException($"no built-in resource {plural} in group '{group}'");

    private static ResourceType[] Create()
    {
        string[] none = [];
        string[] status = ["status"];
        string[] all = ["all"];
        return
        [
            // core/v1
            Core("namespaces", "Namespace", false, ["ns"], ["status", "finalize"]),
            Core("pods", "Pod", true, ["po"], ["status", "binding", "eviction", "log", "exec", "attach", "portforward", "ephemeralcontainers"]) with { Categories = all },
            Core("services", "Service", true, ["svc"], ["status", "proxy"]) with { Categories = all },
            Core("endpoints", "Endpoints", true, ["ep"], none),
            Core("configmaps", "ConfigMap", true, ["cm"], none),
            Core("secrets", "Secret", true, none, none),
            Core("serviceaccounts", "ServiceAccount", true, ["sa"], ["token"]),
            Core("nodes", "Node", false, ["no"], ["status", "proxy"]),
            Core("events", "Event", true, ["ev"], none),
            Core("persistentvolumes", "PersistentVolume", false, ["pv"], status),
            Core("persistentvolumeclaims", "PersistentVolumeClaim", true, ["pvc"], status),
            Core("resourcequotas", "ResourceQuota", true, ["quota"], status),
            Core("limitranges", "LimitRange", true, ["limits"], none),
            Core("replicationcontrollers", "ReplicationController", true, ["rc"], ["status", "scale"]) with { Categories = all },

            // apps/v1
            In("apps", "v1", "deployments", "Deployment", true, ["deploy"], ["status", "scale"]) with { Categories = all },
            In("apps", "v1", "replicasets", "ReplicaSet", true, ["rs"], ["status", "scale"]) with { Categories = all },
            In("apps", "v1", "statefulsets", "StatefulSet", true, ["sts"], ["status", "scale"]) with { Categories = all },
            In("apps", "v1", "daemonsets", "DaemonSet", true, ["ds"], status) with { Categories = all },
            In("apps", "v1", "controllerrevisions", "ControllerRevision", true, none, none),

            // batch/v1
            In("batch", "v1", "jobs", "Job", true, none, status) with { Categories = all },
            In("batch", "v1", "cronjobs", "CronJob", true, ["cj"], status) with { Categories = all },

            // autoscaling: v2 is the preferred and the stored version; v1 reads and writes the same objects, converted.
            In("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, ["hpa"], status) with { Categories = all },
            In("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, ["hpa"], status) with { Categories = all },

            In("coordination.k8s.io", "v1", "leases", "Lease", true, none, none),
            In("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, none, none),
            In("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, ["netpol"], none),
            In("networking.k8s.io", "v1", "ingresses", "Ingress", true, ["ing"], status),
            In("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, none, none),
            In("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, ["pdb"], status),
            In("rbac.authorization.k8s.io", "v1", "roles", "Role", true, none, none),
            In("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, none, none),
            In("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, none, none),
            In("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, none, none),
            In("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, ["sc"], none),
            In("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, ["pc"], none),
            // Stored with the core Events (as core/v1 objects) and converted on the way in and out.
            In("events.k8s.io", "v1", "events", "Event", true, ["ev"], none),
            In("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, ["crd", "crds"], status)
                with { StorePrefix = "/registry/apiextensions.k8s.io/customresourcedefinitions/" },
        ];
    }

    private static ResourceType Core(string plural, string kind, bool namespaced, string[] shortNames, string[] subresources) =>
        new("", "v1", plural, kind, namespaced, shortNames, subresources);

    private static ResourceType In(string group, string version, string plural, string kind, bool namespaced, string[] shortNames, string[] subresources) =>
        new(group, version, plural, kind, namespaced, shortNames, subresources);
}
