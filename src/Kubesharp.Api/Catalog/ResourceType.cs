namespace Kubesharp.Api.Catalog;

/// <summary>
/// One resource the API serves, as discovery describes it: group/version, the plural name used
/// in URLs, the kind in bodies, scope, short names, categories and subresources.
/// </summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Subresources)
{
    private readonly string? _singular;

    /// <summary>Discovery categories, e.g. "all" for what <c>kubectl get all</c> shows.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The verbs discovery advertises; every built-in resource supports the full set.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>The singular name discovery lists; built-ins use the lowercase kind, custom resources their CRD's names.singular.</summary>
    public string Singular
    {
        get => _singular ?? Kind.ToLowerInvariant();
        init => _singular = value;
    }

    /// <summary>What a custom resource definition says about this version; null for built-ins.</summary>
    public CustomResources.CustomResourceVersion? Custom { get; init; }

    /// <summary>"v1" for the core group, else "group/version", as in apiVersion fields.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>
    /// The store key prefix. Built-ins follow upstream's layout (/registry/{plural}/...) so etcd
    /// dumps look familiar; versions of one resource (autoscaling v1 and v2) share it.
    /// </summary>
    public string StorePrefix { get; init; } = $"/registry/{Plural}/";
}
