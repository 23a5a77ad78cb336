using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// A parsed resource URL: the resource, the namespace (null: cluster-scoped or all namespaces),
/// the object name and subresource when present, and whether it came through a legacy /watch/ path.
/// </summary>
public sealed record ResourcePath(ResourceType Type, string? Namespace, string? Name, string? Subresource, bool LegacyWatch = false)
{
    /// <summary>For the proxy subresource: what follows <c>/proxy</c> (e.g. <c>/stats/summary</c>), empty when nothing does.</summary>
    public string ProxyPath { get; init; } = "";
}
