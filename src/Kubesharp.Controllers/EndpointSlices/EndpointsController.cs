using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Selectors;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.EndpointSlices;

/// <summary>
/// For every Service with a selector, writes which pods back it: the legacy Endpoints object and
/// the EndpointSlices the proxy and DNS read (ready/serving/terminating per pod). Services
/// without a selector are left to their users, as upstream does.
/// </summary>
internal sealed class EndpointsController(int workers) : ReconcilingController("endpointslice-controller", "Kubesharp.Controllers.Endpoints", workers)
{
    private static readonly ResourceType Services = BuiltInResources.Get("", "services");
    private static readonly ResourceType PodsType = BuiltInResources.Get("", "pods");
    private static readonly ResourceType EndpointsType = BuiltInResources.Get("", "endpoints");
    private static readonly ResourceType SlicesType = BuiltInResources.Get("discovery.k8s.io", "endpointslices");
    private IInformer _services = null!;
    private IInformer _pods = null!;
    private IInformer _endpoints = null!;
    private IInformer _slices = null!;

    protected override void Watch(ControllerContext context)
    {
        _services = context.Informers.For(Services);
        _pods = context.Informers.For(PodsType);
        _endpoints = context.Informers.For(EndpointsType);
        _slices = context.Informers.For(SlicesType);
        _services.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _pods.AddHandler(new InformerHandler
        {
            OnAdd = PodChanged,
            OnUpdate = (old, pod) => { PodChanged(old); PodChanged(pod); },
            OnDelete = PodChanged,
        });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKeys.Split(key);
        var service = _services.Store.Get(key);
        if (service is null)
        {
            await ApiWrites.DeleteIfPresentAsync(Client, EndpointsType, _endpoints.Store.Get(key), cancellationToken);
            return; // its slices carry an owner reference: the garbage collector removes them
        }

        if (service["spec"]?["selector"] is not JsonObject { Count: > 0 } selectorMap)
        {
            return;
        }

        var selector = LabelSelector.FromObject(new JsonObject { ["matchLabels"] = selectorMap.DeepClone() });
        var pods = _pods.Store.ByIndex(Indexers.ByNamespace, ns ?? string.Empty).Where(selector.MatchesObject);
        var endpoints = ServiceEndpoints.For(service, pods);
        await WriteEndpointsAsync(key, EndpointObjects.Endpoints(service, endpoints), cancellationToken);
        await SliceSync.SyncAsync(Client, _slices.Store, ns, name, EndpointObjects.ManagedBy, Json.Str(service, "metadata", "uid") ?? string.Empty, EndpointObjects.Slices(service, endpoints), cancellationToken);
    }

    private async Task WriteEndpointsAsync(string key, JsonObject desired, CancellationToken cancellationToken)
    {
        var current = _endpoints.Store.Get(key);
        if (current is null)
        {
            await Client.CreateAsync(EndpointsType, Json.Str(desired, "metadata", "namespace"), desired, cancellationToken);
            return;
        }

        if (JsonNode.DeepEquals(current["subsets"], desired["subsets"]) && JsonNode.DeepEquals(current["metadata"]?["labels"] ?? new JsonObject(), desired["metadata"]?["labels"]))
        {
            return;
        }

        var updated = (JsonObject)current.DeepClone();
        updated["subsets"] = desired["subsets"]?.DeepClone();
        updated["metadata"]!["labels"] = desired["metadata"]?["labels"]?.DeepClone();
        await Client.UpdateAsync(EndpointsType, updated, cancellationToken);
    }

    private void PodChanged(JsonObject pod)
    {
        var ns = Json.Str(pod, "metadata", "namespace") ?? string.Empty;
        foreach (var service in _services.Store.ByIndex(Indexers.ByNamespace, ns))
        {
            if (service["spec"]?["selector"] is JsonObject { Count: > 0 } selector
                && LabelSelector.FromObject(new JsonObject { ["matchLabels"] = selector.DeepClone() }).MatchesObject(pod))
            {
                Loop.Queue.Add(ObjectKeys.Key(service));
            }
        }
    }
}
