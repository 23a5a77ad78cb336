using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>One API group as discovery lists it: versions in preference order, each with its resources.</summary>
internal sealed record ServedGroup(string Name, IReadOnlyList<ServedVersion> Versions)
{
    public string PreferredVersion => Versions[0].Version;

    /// <summary>Groups in the catalogue's order of first appearance (core first), versions by priority.</summary>
    public static IReadOnlyList<ServedGroup> From(IReadOnlyList<ResourceType> resources) =>
        resources
            .GroupBy(r => r.Group)
            .Select(g => new ServedGroup(
                g.Key,
                g.GroupBy(r => r.Version)
                    .Select(v => new ServedVersion(v.Key, v.ToList()))
                    .OrderBy(v => v.Version, Comparer<string>.Create(ApiVersionOrder.Compare))
                    .ToList()))
            .ToList();
}
