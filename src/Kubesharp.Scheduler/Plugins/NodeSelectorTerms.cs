using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>Evaluates node selector terms (matchExpressions on labels, matchFields on metadata.name) as upstream.</summary>
internal static class NodeSelectorTerms
{
    /// <summary>A term matches when all its requirements do; an empty term matches nothing.</summary>
    public static bool Matches(JsonNode? term, NodeInfo node)
    {
        var expressions = term?["matchExpressions"] as JsonArray ?? [];
        var fields = term?["matchFields"] as JsonArray ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }

        return expressions.All(e => Requirement(e, key => node.Labels[key]?.GetValue<string>()))
            && fields.All(f => Requirement(f, key => key == "metadata.name" ? node.Name : null));
    }

    private static bool Requirement(JsonNode? requirement, Func<string, string?> lookup)
    {
        var key = requirement?["key"]?.GetValue<string>() ?? string.Empty;
        var values = (requirement?["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToList();
        var actual = lookup(key);
        return requirement?["operator"]?.GetValue<string>() switch
        {
            "In" => actual is not null && values.Contains(actual),
            "NotIn" => actual is null || !values.Contains(actual),
            "Exists" => actual is not null,
            "DoesNotExist" => actual is null,
            "Gt" => Compare(actual, values) > 0,
            "Lt" => Compare(actual, values) < 0,
            _ => false,
        };
    }

    private static int Compare(string? actual, List<string?> values) =>
        actual is not null && values.Count == 1
        && long.TryParse(actual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a)
        && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : 0;
}
