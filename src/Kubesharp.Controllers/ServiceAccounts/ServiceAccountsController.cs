using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Reconciling;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Controllers.ServiceAccounts;

/// <summary>Every active namespace has a <c>default</c> ServiceAccount (recreated if deleted), as upstream's serviceaccount-controller ensures.</summary>
internal sealed class ServiceAccountsController(int workers) : IController, IReconciler
{
    private const string DefaultName = "default";
    private static readonly ResourceType Namespaces = BuiltInResources.Get("", "namespaces");
    private static readonly ResourceType Accounts = BuiltInResources.Get("", "serviceaccounts");
    private IApiClient _client = null!;
    private IInformer _namespaces = null!;
    private IInformer _accounts = null!;
    private ILogger _logger = null!;
    private ReconcileLoop _loop = null!;

    public string Name => "serviceaccount-controller";

    public void Register(ControllerContext context)
    {
        _client = context.Client;
        _logger = context.LoggerFactory.CreateLogger("Kubesharp.Controllers.ServiceAccounts");
        _loop = new ReconcileLoop(Name, context.Time);
        _namespaces = context.Informers.For(Namespaces);
        _accounts = context.Informers.For(Accounts);
        _namespaces.AddHandler(InformerHandler.ForKeys(_loop.Queue.Add));
        _accounts.AddHandler(new InformerHandler
        {
            OnDelete = sa =>
            {
                if (Json.Str(sa, "metadata", "name") == DefaultName && Json.Str(sa, "metadata", "namespace") is { } ns)
                {
                    _loop.Queue.Add(ns);
                }
            },
        });
    }

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(this, workers, _logger, cancellationToken);

    /// <summary>The key is a namespace name.</summary>
    public async Task ReconcileAsync(string key, CancellationToken cancellationToken)
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
            await _client.CreateAsync(Accounts, key, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = DefaultName } }, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 409 or 403 or 404)
        {
            // exists already, or the namespace is going away
        }
    }
}
