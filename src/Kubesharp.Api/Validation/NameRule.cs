namespace Kubesharp.Api.Validation;

/// <summary>Which format an object's metadata.name must have; upstream picks one per kind.</summary>
public enum NameRule
{
    /// <summary>RFC 1123 subdomain (most kinds): lower case, '-', '.', at most 253 characters.</summary>
    DNS1123Subdomain,

    /// <summary>RFC 1123 label (namespaces): lower case and '-', at most 63 characters.</summary>
    DNS1123Label,

    /// <summary>RFC 1035 label (services): like a label but starting with a letter.</summary>
    DNS1035Label,

    /// <summary>Anything usable as one URL path segment (RBAC kinds): not "." or "..", no '/' or '%'.</summary>
    PathSegment,
}
