using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// The JSONPath subset CRDs use in printer columns and scale paths: <c>.a.b</c>, <c>.a[0]</c>,
/// <c>.a[*]</c> and <c>.a[?(@.type=="Ready")].status</c>, optionally inside braces. Evaluation
/// never throws: a path that does not match yields nothing, as kubectl prints an empty cell.
/// </summary>
public static class SimpleJsonPath
{
    /// <summary>Every node the path selects in <paramref name="root"/>, in document order.</summary>
    public static IReadOnlyList<JsonNode?> Find(JsonNode? root, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        IReadOnlyList<JsonNode?> current = [root];
        var i = 0;
        while (i < text.Length && current.Count > 0)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not ('.' or '['))
                {
                    end++;
                }

                var name = text[(i + 1)..end];
                current = name.Length == 0 ? current : [.. current.OfType<JsonObject>().Where(o => o.ContainsKey(name)).Select(o => o[name])];
                i = end;
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0)
                {
                    return [];
                }

                current = Index(current, text[(i + 1)..end]);
                i = end + 1;
            }
            else
            {
                return [];
            }
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> is a plain field path (".spec.replicas"), the only form scale paths allow.</summary>
    public static bool IsFieldPath(string path) =>
        path.Length > 1 && path[0] == '.' && path.Split('.').Skip(1).All(p => p.Length > 0 && !p.Contains('[', StringComparison.Ordinal));

    /// <summary>The field names of a plain field path (".spec.replicas" → ["spec", "replicas"]).</summary>
    public static string[] Fields(string path) => path.Split('.', StringSplitOptions.RemoveEmptyEntries);

    private static IReadOnlyList<JsonNode?> Index(IReadOnlyList<JsonNode?> nodes, string selector)
    {
        var arrays = nodes.OfType<JsonArray>().ToList();
        if (selector == "*")
        {
            return [.. arrays.SelectMany(a => a)];
        }

        if (int.TryParse(selector, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return [.. arrays.Where(a => (index < 0 ? a.Count + index : index) is var k && k >= 0 && k < a.Count).Select(a => a[index < 0 ? a.Count + index : index])];
        }

        if (selector.StartsWith("?(@.", StringComparison.Ordinal) && selector.EndsWith(')'))
        {
            var condition = selector[4..^1];
            var eq = condition.IndexOf("==", StringComparison.Ordinal);
            if (eq < 0)
            {
                return [];
            }

            var field = condition[..eq].Trim();
            var expected = condition[(eq + 2)..].Trim().Trim('"', '\'');
            return [.. arrays.SelectMany(a => a).OfType<JsonObject>().Where(o => Text(o[field]) == expected)];
        }

        return [];
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
