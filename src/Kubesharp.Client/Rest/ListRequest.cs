namespace Kubesharp.Client.Rest;

/// <summary>List parameters, as the upstream query string names them.</summary>
public sealed record ListRequest
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; the response carries metadata.continue when more remain.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>"0" lets the server answer from its cache; null asks for the latest.</summary>
    public string? ResourceVersion { get; init; }
}
