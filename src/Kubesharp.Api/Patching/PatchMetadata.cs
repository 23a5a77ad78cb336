namespace Kubesharp.Api.Patching;

/// <summary>Ready-made <see cref="IPatchMetadata"/> sources.</summary>
public static class PatchMetadata
{
    /// <summary>Upstream's merge keys and list types for the built-in kinds (a fixed, immutable table).</summary>
    public static IPatchMetadata BuiltIn => BuiltInPatchMetadata.Instance;
}
