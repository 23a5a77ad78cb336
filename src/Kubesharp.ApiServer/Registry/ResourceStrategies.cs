using System.Collections.Concurrent;
using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Registry;

/// <summary>Picks the strategy of a resource by its group and plural; unknown kinds get the shared defaults.</summary>
internal sealed class ResourceStrategies
{
    // Upstream's registries that set ReturnDeletedObject: these answer a delete with the object.
    private static readonly HashSet<string> ReturnsDeleted = ["pods", "namespaces", "services", "customresourcedefinitions"];

    private readonly NamespaceStrategy _namespaces = new();
    private readonly PodStrategy _pods = new();
    private readonly ServiceStrategy _services;
    private readonly DeploymentStrategy _deployments = new();
    private readonly NodeStrategy _nodes = new();
    private readonly DaemonSetStrategy _daemonSets = new();
    private readonly CustomResources.CustomResourceDefinitionStrategy _definitions = new();
    private readonly StatefulSetStrategy _statefulSets = new();
    private readonly HorizontalPodAutoscalerStrategy _autoscalers = new();
    private readonly PriorityClassStrategy _priorityClasses = new();
    private readonly SecretStrategy _secrets = new();
    private readonly EventStrategy _events = new();
    private readonly ConcurrentDictionary<ResourceType, IResourceStrategy> _byType = new();

    public ResourceStrategies(Services.ServiceAllocations? allocations = null) => _services = new ServiceStrategy(allocations);

    public IResourceStrategy For(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        switch (type.Group, type.Plural)
        {
            case ("", "namespaces"):
                return _namespaces;
            case ("", "pods"):
                return _pods;
            case ("", "services"):
                return _services;
            case ("apps", "deployments"):
                return _deployments;
            case ("", "nodes"):
                return _nodes;
            case ("apps", "daemonsets"):
                return _daemonSets;
            case ("apps", "statefulsets"):
                return _statefulSets;
            case ("autoscaling", "horizontalpodautoscalers"):
                return _autoscalers;
            case ("scheduling.k8s.io", "priorityclasses"):
                return _priorityClasses;
            case ("", "secrets"):
                return _secrets;
            case ("" or "events.k8s.io", "events"):
                return _events;
            case ("apiextensions.k8s.io", "customresourcedefinitions"):
                return _definitions;
        }

        if (type.Custom is { } custom)
        {
            return _byType.GetOrAdd(type, _ => new CustomResources.CustomResourceStrategy(custom));
        }

        return _byType.GetOrAdd(type, t => new DefaultStrategy(t.Subresources.Contains("status"), ReturnsDeleted.Contains(t.Plural)));
    }
}
