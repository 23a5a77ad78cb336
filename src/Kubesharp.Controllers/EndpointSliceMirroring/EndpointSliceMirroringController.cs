using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.EndpointSlices;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.EndpointSliceMirroring;

/// <summary>
/// Mirrors hand-written Endpoints of Services without a selector into EndpointSlices, which is
/// all the proxy and DNS read (upstream's endpointslicemirroring controller). Endpoints labelled
/// skip-mirror, of Services with a selector, or without a Service get no mirrored slices.
/// </summary>
internal sealed class EndpointSliceMirroringController(int workers) : ReconcilingController("endpointslicemirroring-controller", "Kubesharp.Controllers.EndpointSliceMirroring", workers)
{
    private static readonly ResourceType Services = BuiltInResources.Get("", "services");
    private static readonly ResourceType EndpointsType = BuiltInResources.Get("", "endpoints");
    private static readonly ResourceType SlicesType = BuiltInResources.Get("discovery.k8s.io", "endpointslices");
    private IInformer _services = null!;
    private IInformer _endpoints = null!;
    private IInformer _slices = null!;

    protected override void Watch(ControllerContext context)
    {
        _services = context.Informers.For(Services);
        _endpoints = context.Informers.For(EndpointsType);
        _slices = context.Informers.For(SlicesType);
        _services.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _endpoints.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _slices.AddHandler(new InformerHandler
        {
            OnAdd = SliceChanged,
            OnUpdate = (_, slice) => SliceChanged(slice),
            OnDelete = SliceChanged,
        });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKeys.Split(key);
        var endpoints = _endpoints.Store.Get(key);
        var service = _services.Store.Get(key);
        var mirror = endpoints is not null && service is not null
            && service["spec"]?["selector"] is not JsonObject { Count: > 0 }
            && Json.Str(endpoints, "metadata", "labels", MirroredSlices.SkipMirrorLabel) != "true";
        var desired = mirror ? MirroredSlices.For(endpoints!) : [];
        var ownerUid = endpoints is null ? string.Empty : Json.Str(endpoints, "metadata", "uid") ?? string.Empty;
        await SliceSync.SyncAsync(Client, _slices.Store, ns, name, MirroredSlices.ManagedBy, ownerUid, desired, cancellationToken);
    }

    private void SliceChanged(JsonObject slice)
    {
        if (Json.Str(slice, "metadata", "labels", EndpointObjects.ManagedByLabel) == MirroredSlices.ManagedBy
            && Json.Str(slice, "metadata", "labels", EndpointObjects.ServiceNameLabel) is { } service)
        {
            Loop.Queue.Add(ObjectKeys.Key(Json.Str(slice, "metadata", "namespace"), service));
        }
    }
}
