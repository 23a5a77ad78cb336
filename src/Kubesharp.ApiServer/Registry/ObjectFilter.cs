using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Which objects a list or watch wants, from labelSelector and fieldSelector.
/// TODO(tables branch): parse with Kubesharp.Api.Selectors once it lands; this parser covers
/// =, ==, !=, exists, !exists, in and notin.
/// </summary>
public sealed class ObjectFilter
{
    private readonly IReadOnlyList<Func<JsonObject, bool>> _terms;

    private ObjectFilter(IReadOnlyList<Func<JsonObject, bool>> terms, string? exactName)
    {
        _terms = terms;
        ExactName = exactName;
    }

    public static ObjectFilter Everything { get; } = new([], null);

    public bool IsEverything => _terms.Count == 0;

    /// <summary>The name a <c>metadata.name=x</c> field selector pins, so a watch can skip others cheaply.</summary>
    public string? ExactName { get; }

    public bool Matches(JsonObject obj)
    {
        foreach (var term in _terms)
        {
            if (!term(obj))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses both selectors; <see cref="FormatException"/> with upstream-like text when malformed.</summary>
    public static ObjectFilter Parse(string? labelSelector, string? fieldSelector)
    {
        var terms = new List<Func<JsonObject, bool>>();
        string? exactName = null;
        foreach (var term in SplitTerms(labelSelector))
        {
            terms.Add(LabelTerm(term));
        }

        foreach (var term in SplitTerms(fieldSelector))
        {
            var (path, op, value) = SplitField(term);
            if (path == "metadata.name" && op != "!=")
            {
                exactName = value;
            }

            terms.Add(op == "!="
                ? o => (ObjectMeta.FieldString(o, path) ?? "") != value
                : o => (ObjectMeta.FieldString(o, path) ?? "") == value);
        }

        return terms.Count == 0 ? Everything : new ObjectFilter(terms, exactName);
    }

    private static (string Path, string Op, string Value) SplitField(string term)
    {
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                return (term[..at].Trim(), op, term[(at + op.Length)..].Trim());
            }
        }

        throw new FormatException($"invalid selector: '{term}'; can't understand '{term}'");
    }

    private static Func<JsonObject, bool> LabelTerm(string term)
    {
        var t = term.Trim();
        if (t.StartsWith('!'))
        {
            var key = CheckKey(t[1..].Trim());
            return o => !ObjectMeta.Labels(o).ContainsKey(key);
        }

        var open = t.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && t.EndsWith(')'))
        {
            var head = t[..open].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (head.Length == 2 && head[1] is "in" or "notin")
            {
                var key = CheckKey(head[0]);
                var values = t[(open + 1)..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                return head[1] == "in"
                    ? o => ObjectMeta.Labels(o).TryGetValue(key, out var v) && values.Contains(v)
                    : o => !ObjectMeta.Labels(o).TryGetValue(key, out var v) || !values.Contains(v);
            }
        }

        if (t.Contains('=', StringComparison.Ordinal))
        {
            var (k, op, value) = SplitField(t);
            var key = CheckKey(k);
            return op == "!="
                ? o => !ObjectMeta.Labels(o).TryGetValue(key, out var v) || v != value
                : o => ObjectMeta.Labels(o).TryGetValue(key, out var v) && v == value;
        }

        var exists = CheckKey(t);
        return o => ObjectMeta.Labels(o).ContainsKey(exists);
    }

    private static string CheckKey(string key)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '!' or '='))
        {
            throw new FormatException($"unable to parse requirement: invalid label key \"{key}\"");
        }

        return key;
    }

    private static List<string> SplitTerms(string? selector)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(selector))
        {
            return terms;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    terms.Add(selector[start..i]);
                    start = i + 1;
                    break;
            }
        }

        terms.Add(selector[start..]);
        if (terms.Any(t => t.Trim().Length == 0))
        {
            throw new FormatException($"unable to parse requirement: found '', expected: identifier in \"{selector}\"");
        }

        return terms;
    }
}
