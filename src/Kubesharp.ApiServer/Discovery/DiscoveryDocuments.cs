using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>
/// Keeps the discovery bodies current: rebuilt whenever the catalogue changes (CRDs). Groups served
/// but not stored (metrics.k8s.io) are listed after the catalogue's.
/// </summary>
internal sealed class DiscoveryDocuments
{
    private readonly IResourceCatalog _catalog;
    private readonly IReadOnlyList<ResourceType> _unstored;
    private volatile DiscoverySnapshot _current;

    public DiscoveryDocuments(IResourceCatalog catalog, IReadOnlyList<ResourceType>? unstored = null)
    {
        _catalog = catalog;
        _unstored = unstored ?? [];
        _current = Build();
        catalog.Changed += (_, _) => _current = Build();
    }

    private DiscoverySnapshot Build() => new([.. _catalog.Resources, .. _unstored]);

    public DiscoverySnapshot Current => _current;
}
