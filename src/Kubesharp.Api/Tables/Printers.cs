namespace Kubesharp.Api.Tables;

/// <summary>The printers of the built-in resources, by group and plural; the rest get Name + Created At.</summary>
internal static class Printers
{
    private static readonly Dictionary<(string Group, string Plural), TablePrinter> ByResource = new()
    {
        [("", "pods")] = PodPrinter.Printer,
        [("", "namespaces")] = CorePrinters.Namespace,
        [("", "nodes")] = CorePrinters.Node,
        [("", "services")] = CorePrinters.Service,
        [("", "endpoints")] = CorePrinters.Endpoints,
        [("", "configmaps")] = CorePrinters.ConfigMap,
        [("", "secrets")] = CorePrinters.Secret,
        [("", "serviceaccounts")] = CorePrinters.ServiceAccount,
        [("", "events")] = EventPrinter.Core,
        [("events.k8s.io", "events")] = EventPrinter.EventsV1,
        [("", "persistentvolumes")] = CorePrinters.PersistentVolume,
        [("", "persistentvolumeclaims")] = CorePrinters.PersistentVolumeClaim,
        [("", "resourcequotas")] = CorePrinters.ResourceQuota,
        [("", "replicationcontrollers")] = WorkloadPrinters.ReplicationController,
        [("apps", "deployments")] = WorkloadPrinters.Deployment,
        [("apps", "replicasets")] = WorkloadPrinters.ReplicaSet,
        [("apps", "statefulsets")] = WorkloadPrinters.StatefulSet,
        [("apps", "daemonsets")] = WorkloadPrinters.DaemonSet,
        [("apps", "controllerrevisions")] = WorkloadPrinters.ControllerRevision,
        [("batch", "jobs")] = WorkloadPrinters.Job,
        [("batch", "cronjobs")] = WorkloadPrinters.CronJob,
        [("autoscaling", "horizontalpodautoscalers")] = ClusterPrinters.HorizontalPodAutoscaler,
        [("coordination.k8s.io", "leases")] = ClusterPrinters.Lease,
        [("discovery.k8s.io", "endpointslices")] = ClusterPrinters.EndpointSlice,
        [("networking.k8s.io", "networkpolicies")] = ClusterPrinters.NetworkPolicy,
        [("networking.k8s.io", "ingresses")] = ClusterPrinters.Ingress,
        [("networking.k8s.io", "ingressclasses")] = ClusterPrinters.IngressClass,
        [("policy", "poddisruptionbudgets")] = ClusterPrinters.PodDisruptionBudget,
        [("rbac.authorization.k8s.io", "rolebindings")] = ClusterPrinters.RoleBinding,
        [("rbac.authorization.k8s.io", "clusterrolebindings")] = ClusterPrinters.ClusterRoleBinding,
        [("storage.k8s.io", "storageclasses")] = ClusterPrinters.StorageClass,
        [("scheduling.k8s.io", "priorityclasses")] = ClusterPrinters.PriorityClass,
    };

    // Roles, cluster roles and limit ranges print Name + Created At upstream, exactly as the default does.
    public static TablePrinter? Find(string group, string plural) => ByResource.GetValueOrDefault((group, plural));
}
