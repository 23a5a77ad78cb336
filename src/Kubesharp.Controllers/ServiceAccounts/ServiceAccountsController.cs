using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.ServiceAccounts;

/// <summary>Every active namespace has a <c>default</c> ServiceAccount (recreated if deleted), as upstream's serviceaccount-controller ensures.</summary>
internal sealed class ServiceAccountsController(int workers) : ReconcilingController("serviceaccount-controller", "Kubesharp.Controllers.ServiceAccounts", workers)
{
    private const string DefaultName = "default";
    private static readonly ResourceType Namespaces = BuiltInResources.Get("", "namespaces");
    private static readonly ResourceType Accounts = BuiltInResources.Get("", "serviceaccounts");
    private IInformer _namespaces = null!;
    private IInformer _accounts = null!;

    protected override void Watch(ControllerContext context)
    {
        _namespaces = context.Informers.For(Namespaces);
        _accounts = context.Informers.For(Accounts);
        _namespaces.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _accounts.AddHandler(new InformerHandler
        {
            OnDelete = sa =>
            {
                if (Json.Str(sa, "metadata", "name") == DefaultName && Json.Str(sa, "metadata", "namespace") is { } ns)
                {
                    Loop.Queue.Add(ns);
                }
            },
        });
    }

    /// <summary>The key is a namespace name.</summary>
    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_namespaces.Store.Get(key) is not { } ns || Json.Str(ns, "status", "phase") == "Terminating" || Json.Str(ns, "metadata", "deletionTimestamp") is not null)
        {
            return;
        }

        if (_accounts.Store.Get(ObjectKeys.Key(key, DefaultName)) is not null)
        {
            return;
        }

        try
        {
            await Client.CreateAsync(Accounts, key, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = DefaultName } }, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 409 or 403 or 404)
        {
            // exists already, or the namespace is going away
        }
    }
}
