using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Selectors;

/// <summary>
/// A parsed label selector: the AND of its requirements, sorted by key as upstream sorts them.
/// Built from the <c>labelSelector</c> query text (<see cref="Parse"/>) or from a metav1.LabelSelector
/// object in a spec (<see cref="FromObject"/>).
/// </summary>
public sealed class LabelSelector
{
    private readonly LabelRequirement[] _requirements;
    private readonly bool _matchesNothing;

    private LabelSelector(IEnumerable<LabelRequirement> requirements, bool matchesNothing)
    {
        _requirements = [.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)];
        _matchesNothing = matchesNothing;
    }

    /// <summary>Matches every object.</summary>
    public static LabelSelector Everything { get; } = new([], matchesNothing: false);

    /// <summary>Matches no object: what a missing (null) metav1.LabelSelector means.</summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    public IReadOnlyList<LabelRequirement> Requirements => _requirements;

    /// <summary>True when the selector does not restrict anything (not true for <see cref="Nothing"/>).</summary>
    public bool IsEmpty => _requirements.Length == 0 && !_matchesNothing;

    /// <summary>Parses the text form ("app=web,tier in (a,b),!debug"). Empty or null text selects everything.</summary>
    /// <exception cref="SelectorException">The text is not a valid selector; the message is upstream's.</exception>
    public static LabelSelector Parse(string? selector) =>
        string.IsNullOrEmpty(selector) ? Everything : new LabelSelector(LabelSelectorParser.Parse(selector), matchesNothing: false);

    /// <summary>
    /// metav1.LabelSelectorAsSelector: null → <see cref="Nothing"/>, empty → <see cref="Everything"/>,
    /// else matchLabels as equality and matchExpressions In/NotIn/Exists/DoesNotExist.
    /// </summary>
    /// <exception cref="SelectorException">An invalid key, value or operator.</exception>
    public static LabelSelector FromObject(JsonObject? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var requirements = new List<LabelRequirement>();
        if (selector["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                requirements.Add(LabelRequirement.Create(key, SelectorOperator.Equals, [AsString(value)]));
            }
        }

        if (selector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var op = AsString(expression["operator"]);
                var selectorOp = op switch
                {
                    "In" => SelectorOperator.In,
                    "NotIn" => SelectorOperator.NotIn,
                    "Exists" => SelectorOperator.Exists,
                    "DoesNotExist" => SelectorOperator.DoesNotExist,
                    _ => throw new SelectorException($"{Validation.GoText.Quote(op)} is not a valid label selector operator"),
                };
                var values = expression["values"] is JsonArray array ? array.Select(AsString) : [];
                requirements.Add(LabelRequirement.Create(AsString(expression["key"]), selectorOp, values));
            }
        }

        return requirements.Count == 0 ? Everything : new LabelSelector(requirements, matchesNothing: false);
    }

    /// <summary>Whether an object's labels (its metadata.labels; null = none) are selected.</summary>
    public bool Matches(JsonObject? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether an object (reading its metadata.labels) is selected.</summary>
    public bool MatchesObject(JsonObject obj) => Matches((obj["metadata"] as JsonObject)?["labels"] as JsonObject);

    /// <summary>The canonical text: requirements by key, comma-joined; "" for everything and nothing.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    private static string AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "";
}
