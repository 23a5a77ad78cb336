using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>One group-version and the resources served in it.</summary>
internal sealed record ServedVersion(string Version, IReadOnlyList<ResourceType> Resources);
