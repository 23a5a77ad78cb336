using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Model;

/// <summary>One matchExpressions/matchFields entry of a node selector term, parsed once (upstream's nodeaffinity requirement).</summary>
internal sealed record NodeRequirement(string Key, string Operator, string[] Values)
{
    public static NodeRequirement From(JsonNode? requirement) => new(
        requirement?["key"]?.GetValue<string>() ?? string.Empty,
        requirement?["operator"]?.GetValue<string>() ?? string.Empty,
        (requirement?["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>() ?? string.Empty).ToArray());

    /// <summary>Whether the node's value for <see cref="Key"/> (null when absent) satisfies the operator.</summary>
    public bool Matches(string? actual) => Operator switch
    {
        "In" => actual is not null && Array.IndexOf(Values, actual) >= 0,
        "NotIn" => actual is null || Array.IndexOf(Values, actual) < 0,
        "Exists" => actual is not null,
        "DoesNotExist" => actual is null,
        "Gt" => Compare(actual) > 0,
        "Lt" => Compare(actual) < 0,
        _ => false,
    };

    private int Compare(string? actual) =>
        actual is not null && Values.Length == 1
        && long.TryParse(actual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a)
        && long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : 0;
}
