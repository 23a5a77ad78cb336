using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// What one watch asks for: a resource, a namespace (null: all), a filter, and where to start
/// (<paramref name="ResourceVersion"/> null or "0": current objects as ADDED first, then changes).
/// </summary>
public sealed record WatchRequest(ResourceType Type, string? Namespace, ObjectFilter Filter, string? ResourceVersion);
