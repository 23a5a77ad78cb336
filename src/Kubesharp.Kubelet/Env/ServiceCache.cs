using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Env;

/// <summary>
/// The node's view of every Service, kept by one informer (upstream's kubelet serviceLister), so a
/// container start reads Service link variables from memory instead of listing the API each time.
/// </summary>
public sealed class ServiceCache : IDisposable
{
    private static readonly ResourceType Services = BuiltInResources.Get("", "services");
    private readonly IInformer _informer;

    private ServiceCache(IInformer informer) => _informer = informer;

    /// <summary>A cache of all namespaces' Services read through <paramref name="client"/>; run it with <see cref="RunAsync"/>.</summary>
    public static ServiceCache Create(IApiClient client, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new ServiceCache(InformerFactory.Create(client, new InformerOptions(Services), logger, time));
    }

    /// <summary>True once the first list of Services is in the cache.</summary>
    public bool HasSynced => _informer.HasSynced;

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _informer.RunAsync(cancellationToken);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _informer.WaitForSyncAsync(cancellationToken);

    /// <summary>The Services of <paramref name="namespace"/> (shared objects: read only).</summary>
    internal IReadOnlyList<JsonObject> InNamespace(string @namespace) => _informer.Store.ByIndex(Indexers.ByNamespace, @namespace);

    internal JsonObject? Get(string @namespace, string name) => _informer.Store.Get(@namespace + "/" + name);

    public void Dispose() => _informer.Dispose();
}
