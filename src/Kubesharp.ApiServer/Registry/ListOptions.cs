namespace Kubesharp.ApiServer.Registry;

/// <summary>What a list asks for: a filter, paging (limit/continue) and which revision to read.</summary>
public sealed record ListOptions
{
    public ObjectFilter Filter { get; init; } = ObjectFilter.Everything;

    /// <summary>Most items in one page; 0 for all.</summary>
    public long Limit { get; init; }

    public string? Continue { get; init; }

    public string? ResourceVersion { get; init; }

    public string? ResourceVersionMatch { get; init; }
}
