namespace Kubesharp.Api.Catalog;

/// <summary>
/// The resources served right now: the built-ins plus those custom resource definitions add.
/// The API server routes, discovers and stores by it.
/// </summary>
public interface IResourceCatalog
{
    /// <summary>Every served resource; a new snapshot after each change.</summary>
    IReadOnlyList<ResourceType> Resources { get; }

    /// <summary>The resource at /api(s)/{group}/{version}/.../{plural}, or null.</summary>
    ResourceType? Find(string group, string version, string plural);

    /// <summary>Raised after custom resources are added or removed, so discovery caches refresh.</summary>
    event EventHandler? Changed;
}
