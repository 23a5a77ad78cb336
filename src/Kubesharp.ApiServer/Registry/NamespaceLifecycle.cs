using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// The namespaces every cluster has (default, kube-system, kube-public, kube-node-lease) and the
/// <c>kubernetes</c> Service, created on first start; and the finishing of deleted namespaces:
/// their contents are deleted, then the namespace. Upstream's namespace controller does the latter;
/// it lives here until the controller manager exists.
/// </summary>
internal sealed partial class NamespaceLifecycle : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly ResourceRegistry _registry;
    private readonly IResourceCatalog _catalog;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public NamespaceLifecycle(ResourceRegistry registry, IResourceCatalog catalog, ILogger logger)
    {
        _registry = registry;
        _catalog = catalog;
        _logger = logger;
    }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    private ResourceType Namespaces => _catalog.Find("", "v1", "namespaces")!;

    /// <summary>Creates what is missing of the default namespaces and the kubernetes Service.</summary>
    public async Task BootstrapAsync(int apiPort, CancellationToken cancellationToken)
    {
        foreach (var name in SystemNamespaces)
        {
            await CreateIfMissingAsync(Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, cancellationToken);
        }

        var service = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = "10.43.0.1",
                ["clusterIPs"] = new JsonArray("10.43.0.1"),
                ["ipFamilies"] = new JsonArray("IPv4"),
                ["ipFamilyPolicy"] = "SingleStack",
                ["internalTrafficPolicy"] = "Cluster",
                ["sessionAffinity"] = "None",
                ["ports"] = new JsonArray(new JsonObject
                {
                    ["name"] = "https",
                    ["protocol"] = "TCP",
                    ["port"] = 443,
                    ["targetPort"] = apiPort,
                }),
            },
        };
        await CreateIfMissingAsync(_catalog.Find("", "v1", "services")!, "default", service, cancellationToken);
    }

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>One pass: every terminating namespace loses its contents; an empty one is removed.</summary>
    public async Task FinalizeTerminatingAsync(CancellationToken cancellationToken)
    {
        var list = await _registry.ListAsync(Namespaces, null, new ListOptions(), cancellationToken);
        foreach (var ns in ((JsonArray)list["items"]!).OfType<JsonObject>())
        {
            if (ObjectMeta.DeletionTimestamp(ns) is not null && ObjectMeta.Name(ns) is { } name)
            {
                await FinalizeAsync(name, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task FinalizeAsync(string name, CancellationToken cancellationToken)
    {
        var remaining = 0;
        foreach (var type in _catalog.Resources.Where(r => r.Namespaced).DistinctBy(r => r.StorePrefix))
        {
            remaining += await CollectionDeletion.DeleteAllAsync(_registry, type, name, cancellationToken);
        }

        if (remaining > 0)
        {
            return;
        }

        // Empty: drop the "kubernetes" spec finalizer; with no metadata finalizers left that deletes it.
        await _registry.GuaranteedUpdateAsync(
            new ObjectRef(Namespaces, null, name),
            null,
            current =>
            {
                if (current is null)
                {
                    throw ApiErrors.NotFound(Namespaces, name);
                }

                if (current["spec"] is JsonObject spec)
                {
                    spec.Remove("finalizers");
                }

                return current;
            },
            "finalize",
            WriteOptions.None,
            cancellationToken);
        LogNamespaceFinalized(_logger, name);
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await FinalizeTerminatingAsync(cancellationToken);
            }
            catch (Exception e) when (e is ApiException or StoreException)
            {
                LogPassFailed(_logger, e.Message);
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }

    private async Task CreateIfMissingAsync(ResourceType type, string? ns, JsonObject obj, CancellationToken cancellationToken)
    {
        try
        {
            await _registry.CreateAsync(type, ns, obj, WriteOptions.None, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // Created on an earlier start.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "namespace {Name} finalized and removed")]
    private static partial void LogNamespaceFinalized(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "namespace lifecycle pass failed: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string reason);
}
