namespace Kubesharp.Api.Patching;

/// <summary>How server-side apply treats a list (upstream's <c>x-kubernetes-list-type</c>).</summary>
public enum ListKind
{
    /// <summary>The list is one value: whoever sets it owns all of it, and a new value replaces it.</summary>
    Atomic,

    /// <summary>A list of objects keyed by <see cref="FieldPatchInfo.MapKeys"/>; items merge and are owned separately.</summary>
    Map,

    /// <summary>A list of distinct scalars; each value is owned separately.</summary>
    Set,
}
