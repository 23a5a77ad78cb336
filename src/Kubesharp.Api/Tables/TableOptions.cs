namespace Kubesharp.Api.Tables;

/// <summary>How to build a Table: the query's includeObject/noHeaders and the list metadata to carry.</summary>
public sealed record TableOptions
{
    public IncludeObjectPolicy IncludeObject { get; init; } = IncludeObjectPolicy.Metadata;

    /// <summary>Leave out columnDefinitions (later pages of a watch need no headers).</summary>
    public bool NoHeaders { get; init; }

    public string? ResourceVersion { get; init; }

    public string? Continue { get; init; }

    public long? RemainingItemCount { get; init; }

    /// <summary>The clock for AGE and other durations; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>
    /// Parses the includeObject query value ("", "None", "Metadata", "Object"). Returns false for anything
    /// else, which the API answers with 400 as upstream does.
    /// </summary>
    public static bool TryParseIncludeObject(string? value, out IncludeObjectPolicy policy)
    {
        policy = IncludeObjectPolicy.Metadata;
        switch (value)
        {
            case null or "" or "Metadata":
                return true;
            case "None":
                policy = IncludeObjectPolicy.None;
                return true;
            case "Object":
                policy = IncludeObjectPolicy.Object;
                return true;
            default:
                return false;
        }
    }
}
