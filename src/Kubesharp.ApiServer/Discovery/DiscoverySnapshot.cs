using System.Collections.Frozen;
using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>Every discovery body for one state of the catalogue, precomputed.</summary>
internal sealed class DiscoverySnapshot
{
    private readonly FrozenDictionary<string, CachedDocument> _byPath;

    public DiscoverySnapshot(IReadOnlyList<ResourceType> resources)
    {
        var groups = ServedGroup.From(resources);
        var core = groups.Where(g => g.Name.Length == 0).ToList();
        var named = groups.Where(g => g.Name.Length > 0).ToList();
        var byPath = new Dictionary<string, CachedDocument>(StringComparer.Ordinal)
        {
            ["/apis"] = new(LegacyDiscoveryWriter.GroupList(named)),
        };
        foreach (var version in core.SelectMany(g => g.Versions))
        {
            byPath[$"/api/{version.Version}"] = new(LegacyDiscoveryWriter.ResourceList(version.Version, version.Resources));
        }

        foreach (var group in named)
        {
            byPath[$"/apis/{group.Name}"] = new(LegacyDiscoveryWriter.Group(group));
            foreach (var version in group.Versions)
            {
                var groupVersion = $"{group.Name}/{version.Version}";
                byPath[$"/apis/{groupVersion}"] = new(LegacyDiscoveryWriter.ResourceList(groupVersion, version.Resources));
            }
        }

        foreach (var apiVersion in AggregatedVersions)
        {
            byPath[$"/api;{apiVersion}"] = new(AggregatedDiscoveryWriter.GroupDiscoveryList(apiVersion, core));
            byPath[$"/apis;{apiVersion}"] = new(AggregatedDiscoveryWriter.GroupDiscoveryList(apiVersion, named));
        }

        _byPath = byPath.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The apidiscovery.k8s.io versions served, most preferred first.</summary>
    public static IReadOnlyList<string> AggregatedVersions { get; } = ["v2", "v2beta1"];

    /// <summary>The document at a path such as /apis/apps/v1, or null.</summary>
    public CachedDocument? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>The aggregated list for "/api" or "/apis" in apidiscovery <paramref name="apiVersion"/>.</summary>
    public CachedDocument Aggregated(string root, string apiVersion) => _byPath[$"{root};{apiVersion}"];
}
