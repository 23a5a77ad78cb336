using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Registry;

/// <summary>One object's address: its resource, namespace (null for cluster-scoped) and name.</summary>
public sealed record ObjectRef(ResourceType Type, string? Namespace, string Name)
{
    /// <summary>The store key: StorePrefix + "{ns}/{name}", or StorePrefix + "{name}" when cluster-scoped.</summary>
    public string Key => Type.Namespaced ? $"{Type.StorePrefix}{Namespace}/{Name}" : Type.StorePrefix + Name;
}
