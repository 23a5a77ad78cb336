namespace Kubesharp.Api.Schema;

/// <summary>The JSON shape a schema gives a field.</summary>
public enum FieldShape
{
    /// <summary>No type in the schema (RawExtension, CRD JSON): anything goes.</summary>
    Unknown,
    Primitive,
    /// <summary>An object with named properties (a Go struct).</summary>
    Struct,
    Array,
    /// <summary>An object whose keys are free (labels, data): every value has the same schema.</summary>
    Map,
}
