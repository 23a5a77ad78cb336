namespace Kubesharp.Api.Patching;

/// <summary>
/// Where strategic merge and server-side apply learn merge keys and list types. Types are named
/// by string (upstream's Go type names for built-ins); a schema-backed implementation built from
/// the OpenAPI documents can replace the built-in table.
/// </summary>
public interface IPatchMetadata
{
    /// <summary>The type name of a kind's root object, or null when the kind is unknown.</summary>
    string? RootType(string apiVersion, string kind);

    /// <summary>The metadata of <paramref name="field"/> inside type <paramref name="type"/>, or null when it has none worth knowing.</summary>
    FieldPatchInfo? Field(string? type, string field);
}
