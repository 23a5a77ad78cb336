using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Quotas;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.ResourceQuotas;

/// <summary>
/// Keeps each ResourceQuota's status (hard = spec.hard, used = what the namespace's objects use)
/// true: recalculated when covered objects go or finish (the admission charges creates), and every
/// sync period besides, so usage charged for a create that then failed is given back. Scoped quotas
/// (spec.scopes, spec.scopeSelector) count only the pods their scopes select.
/// </summary>
internal sealed class ResourceQuotaController(ControllerManagerOptions options) : ReconcilingController("resourcequota-controller", "Kubesharp.Controllers.ResourceQuota", options.Workers)
{
    private static readonly ResourceType Quotas = BuiltInResources.Get("", "resourcequotas");

    // Watched through shared informers; other count/<resource> names are listed when asked for.
    private static readonly ResourceType[] Watched =
    [
        BuiltInResources.Get("", "pods"),
        BuiltInResources.Get("", "services"),
        BuiltInResources.Get("", "configmaps"),
        BuiltInResources.Get("", "secrets"),
        BuiltInResources.Get("", "persistentvolumeclaims"),
        BuiltInResources.Get("", "replicationcontrollers"),
        BuiltInResources.Get("apps", "deployments"),
        BuiltInResources.Get("apps", "replicasets"),
        BuiltInResources.Get("apps", "statefulsets"),
        BuiltInResources.Get("batch", "jobs"),
    ];

    private readonly Dictionary<ResourceType, IInformer> _informers = [];
    private IInformer _quotas = null!;

    protected override void Watch(ControllerContext context)
    {
        _quotas = context.Informers.For(Quotas);
        _informers[Quotas] = _quotas;
        // Status writes (the admission's charges, our own) are not a reason to recount, as upstream.
        _quotas.AddHandler(new InformerHandler
        {
            OnAdd = q => Loop.Queue.Add(ObjectKeys.Key(q)),
            OnUpdate = (old, q) =>
            {
                if (!JsonNode.DeepEquals(old["spec"]?["hard"], q["spec"]?["hard"]) || !JsonNode.DeepEquals(q["spec"]?["hard"], q["status"]?["hard"]))
                {
                    Loop.Queue.Add(ObjectKeys.Key(q));
                }
            },
        });
        foreach (var type in Watched)
        {
            var informer = context.Informers.For(type);
            _informers[type] = informer;
            // Creates are not watched, as upstream: the admission charged them already, and a
            // recount from caches that have not yet seen the create would undo that charge.
            informer.AddHandler(new InformerHandler
            {
                OnUpdate = (old, obj) =>
                {
                    if (UsageChanged(type, old, obj))
                    {
                        EnqueueNamespace(obj);
                    }
                },
                OnDelete = EnqueueNamespace,
            });
        }
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_quotas.Store.Get(key) is not { } quota)
        {
            return;
        }

        var ns = Json.Str(quota, "metadata", "namespace")!;
        var hardNode = quota["spec"]?["hard"] as JsonObject ?? [];
        var hard = QuotaStatus.Read(hardNode);
        var used = hard.Keys.ToDictionary(k => k, _ => 0m, StringComparer.Ordinal);
        foreach (var type in TypesFor(hard.Keys))
        {
            foreach (var obj in await ObjectsAsync(type, ns, cancellationToken))
            {
                if (!QuotaScopes.Covers(quota, type, obj))
                {
                    continue; // a scoped quota counts only the pods its scopes select
                }

                foreach (var (name, value) in QuotaUsage.Of(type, obj))
                {
                    if (used.ContainsKey(name))
                    {
                        used[name] += value;
                    }
                }
            }
        }

        var status = new JsonObject { ["hard"] = hardNode.DeepClone(), ["used"] = QuotaStatus.Write(used, hardNode) };
        // A 409 here is usually the admission charging the quota meanwhile.
        await StatusWrites.WriteIfChangedAsync(Client, Quotas, quota, status, cancellationToken);

        Loop.Queue.AddAfter(key, options.ResourceQuotaSyncPeriod);
    }

    /// <summary>The resource types whose objects use any of <paramref name="names"/>.</summary>
    private static List<ResourceType> TypesFor(IEnumerable<string> names)
    {
        var types = new List<ResourceType>();
        foreach (var name in names)
        {
            var type = Watched.Append(Quotas).FirstOrDefault(t => QuotaUsage.Covers(t, name))
                ?? BuiltInResources.All.FirstOrDefault(t => t.Namespaced && QuotaUsage.CountName(t) == name);
            if (type is not null && !types.Contains(type))
            {
                types.Add(type);
            }
        }

        return types;
    }

    private async Task<IReadOnlyList<JsonObject>> ObjectsAsync(ResourceType type, string ns, CancellationToken cancellationToken)
    {
        if (_informers.TryGetValue(type, out var informer))
        {
            return informer.Store.ByIndex(Indexers.ByNamespace, ns);
        }

        var list = await Client.ListAsync(type, ns, new ListRequest(), cancellationToken);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    /// <summary>Updates that matter: a pod finishing or being deleted, a service or claim changing its spec.</summary>
    private static bool UsageChanged(ResourceType type, JsonObject old, JsonObject obj) =>
        type.Plural switch
        {
            "pods" => QuotaUsage.IsLivePod(old) != QuotaUsage.IsLivePod(obj) || Json.Str(old, "metadata", "deletionTimestamp") != Json.Str(obj, "metadata", "deletionTimestamp"),
            "services" or "persistentvolumeclaims" => !JsonNode.DeepEquals(old["spec"], obj["spec"]),
            _ => false,
        };

    private void EnqueueNamespace(JsonObject obj)
    {
        foreach (var quota in _quotas.Store.ByIndex(Indexers.ByNamespace, Json.Str(obj, "metadata", "namespace") ?? string.Empty))
        {
            Loop.Queue.Add(ObjectKeys.Key(quota));
        }
    }
}
