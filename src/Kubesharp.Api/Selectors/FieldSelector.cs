using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;

namespace Kubesharp.Api.Selectors;

/// <summary>
/// A parsed field selector: the AND of <c>field=value</c> / <c>field==value</c> / <c>field!=value</c>
/// terms, with fields.ParseSelector's escaping (<c>\,</c> <c>\=</c> <c>\\</c> in values).
/// </summary>
public sealed class FieldSelector
{
    private static readonly string[] Operators = ["!=", "==", "="];

    private readonly FieldRequirement[] _requirements;
    private readonly SelectableFields? _fields;

    private FieldSelector(FieldRequirement[] requirements, SelectableFields? fields)
    {
        _requirements = requirements;
        _fields = fields;
    }

    public static FieldSelector Everything { get; } = new([], null);

    public IReadOnlyList<FieldRequirement> Requirements => _requirements;

    public bool IsEmpty => _requirements.Length == 0;

    /// <summary>
    /// Parses the syntax only; the fields are not checked, and <see cref="Matches"/> reads metadata.name
    /// and metadata.namespace only. Use <see cref="Parse(string?, ResourceType)"/> for a request.
    /// </summary>
    /// <exception cref="SelectorException">Bad syntax or escaping; the message is upstream's.</exception>
    public static FieldSelector Parse(string? selector) =>
        string.IsNullOrEmpty(selector) ? Everything : new FieldSelector(ParseTerms(selector), SelectableFields.For("", "", namespaced: true));

    /// <summary>
    /// Parses and checks every field against what <paramref name="resource"/> supports (e.g. pods:
    /// spec.nodeName, status.phase, ...), translating aliases (spec.host → spec.nodeName).
    /// </summary>
    /// <exception cref="SelectorException">Bad syntax or an unsupported field ("field label not supported: x").</exception>
    public static FieldSelector Parse(string? selector, ResourceType resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (string.IsNullOrEmpty(selector))
        {
            return Everything;
        }

        var fields = SelectableFields.For(resource.Group, resource.Kind, resource.Namespaced);
        var terms = ParseTerms(selector);
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = terms[i] with { Field = fields.Resolve(terms[i].Field) };
        }

        return new FieldSelector(terms, fields);
    }

    /// <summary>Whether the object's selectable fields satisfy every term.</summary>
    public bool Matches(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var term in _requirements)
        {
            var actual = _fields?.Value(obj, term.Field) ?? "";
            if (string.Equals(actual, term.Value, StringComparison.Ordinal) != term.Equal)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>If the selector pins <paramref name="field"/> with "=", its value (e.g. metadata.name for a single-object watch).</summary>
    public string? RequiresExactMatch(string field) =>
        _requirements.FirstOrDefault(r => r.Equal && r.Field == field)?.Value;

    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    private static FieldRequirement[] ParseTerms(string selector)
    {
        var parts = SplitTerms(selector);
        parts.Sort(StringComparer.Ordinal);
        var terms = new List<FieldRequirement>();
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (!SplitTerm(part, out var field, out var op, out var raw))
            {
                throw new SelectorException($"invalid selector: '{selector}'; can't understand '{part}'");
            }

            terms.Add(new FieldRequirement(field, op != "!=", UnescapeValue(raw)));
        }

        return [.. terms];
    }

    // Splits on commas not escaped by a backslash.
    private static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        var start = 0;
        var escaped = false;
        for (var i = 0; i < selector.Length; i++)
        {
            if (escaped)
            {
                escaped = false;
            }
            else if (selector[i] == '\\')
            {
                escaped = true;
            }
            else if (selector[i] == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }

        terms.Add(selector[start..]);
        return terms;
    }

    // The first position where any operator starts wins, "!=" before "==" before "=".
    private static bool SplitTerm(string term, out string field, out string op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var candidate in Operators)
            {
                if (term.AsSpan(i).StartsWith(candidate, StringComparison.Ordinal))
                {
                    field = term[..i];
                    op = candidate;
                    value = term[(i + candidate.Length)..];
                    return true;
                }
            }
        }

        field = op = value = "";
        return false;
    }

    private static string UnescapeValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        var escaped = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (escaped)
            {
                if (rune.Value is not ('\\' or ',' or '='))
                {
                    throw new SelectorException("invalid field selector: invalid escape sequence: \\" + rune);
                }

                builder.Append(rune.ToString());
                escaped = false;
                continue;
            }

            switch (rune.Value)
            {
                case '\\':
                    escaped = true;
                    break;
                case ',' or '=':
                    // Upstream prints the rune with %v, i.e. as its number.
                    throw new SelectorException("invalid field selector: unescaped character in value: " + rune.Value);
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        if (escaped)
        {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }

        return builder.ToString();
    }
}
