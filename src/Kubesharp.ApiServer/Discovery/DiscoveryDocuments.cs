using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>Keeps the discovery bodies current: rebuilt whenever the catalogue changes (CRDs).</summary>
internal sealed class DiscoveryDocuments
{
    private readonly IResourceCatalog _catalog;
    private volatile DiscoverySnapshot _current;

    public DiscoveryDocuments(IResourceCatalog catalog)
    {
        _catalog = catalog;
        _current = new DiscoverySnapshot(catalog.Resources);
        catalog.Changed += (_, _) => _current = new DiscoverySnapshot(_catalog.Resources);
    }

    public DiscoverySnapshot Current => _current;
}
