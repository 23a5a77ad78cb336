namespace Kubesharp.Api.Tables;

/// <summary>What each Table row carries besides its cells (the <c>includeObject</c> parameter).</summary>
public enum IncludeObjectPolicy
{
    /// <summary>No object ("object": null).</summary>
    None,

    /// <summary>A meta.k8s.io/v1 PartialObjectMetadata with the object's metadata: upstream's default.</summary>
    Metadata,

    /// <summary>The whole object: what kubectl asks for.</summary>
#pragma warning disable CA1720 // Named after the wire value "Object".
    Object,
#pragma warning restore CA1720
}
