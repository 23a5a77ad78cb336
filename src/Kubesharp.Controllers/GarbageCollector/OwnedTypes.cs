using Kubesharp.Api.Catalog;

namespace Kubesharp.Controllers.GarbageCollector;

/// <summary>
/// The resources the garbage collector watches, as owners and as dependents. An owner of a kind
/// not listed here (a custom resource, say) is never presumed gone: the collector leaves its
/// dependents alone rather than risk deleting live objects.
/// </summary>
internal static class OwnedTypes
{
    public static IReadOnlyList<ResourceType> All { get; } =
    [
        BuiltInResources.Get("", "pods"),
        BuiltInResources.Get("", "replicationcontrollers"),
        BuiltInResources.Get("", "services"),
        BuiltInResources.Get("", "endpoints"),
        BuiltInResources.Get("", "configmaps"),
        BuiltInResources.Get("", "secrets"),
        BuiltInResources.Get("", "persistentvolumeclaims"),
        BuiltInResources.Get("", "serviceaccounts"),
        BuiltInResources.Get("", "nodes"),
        BuiltInResources.Get("apps", "deployments"),
        BuiltInResources.Get("apps", "replicasets"),
        BuiltInResources.Get("apps", "statefulsets"),
        BuiltInResources.Get("apps", "daemonsets"),
        BuiltInResources.Get("apps", "controllerrevisions"),
        BuiltInResources.Get("batch", "jobs"),
        BuiltInResources.Get("batch", "cronjobs"),
        BuiltInResources.Get("discovery.k8s.io", "endpointslices"),
        BuiltInResources.Get("coordination.k8s.io", "leases"),
    ];

    /// <summary>The watched type of an ownerReference (apiVersion + kind), or null.</summary>
    public static ResourceType? ForOwner(string? apiVersion, string? kind)
    {
        var group = apiVersion is null ? string.Empty : apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
        return All.FirstOrDefault(t => t.Kind == kind && t.Group == group);
    }

    public static int IndexOf(ResourceType type) => All.ToList().FindIndex(t => t.StorePrefix == type.StorePrefix);
}
