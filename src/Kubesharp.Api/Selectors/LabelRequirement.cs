using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Validation;

namespace Kubesharp.Api.Selectors;

/// <summary>One term of a label selector: a key, an operator and (for most operators) values.</summary>
public sealed class LabelRequirement
{
    private readonly string[] _values;

    private LabelRequirement(string key, SelectorOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        _values = values;
    }

    public string Key { get; }

    public SelectorOperator Operator { get; }

    public IReadOnlyList<string> Values => _values;

    /// <summary>
    /// labels.NewRequirement: validates the key, the value count for the operator and each value,
    /// and throws with upstream's aggregated message when any check fails.
    /// </summary>
    public static LabelRequirement Create(string key, SelectorOperator op, IEnumerable<string> values)
    {
        var list = values.ToArray();
        var errors = new List<string>();
        foreach (var message in NameValidation.IsQualifiedName(key))
        {
            errors.Add("key: Invalid value: " + GoText.Quote(key) + ": " + message);
        }

        switch (op)
        {
            case SelectorOperator.In or SelectorOperator.NotIn when list.Length == 0:
                errors.Add("values: Invalid value: " + GoText.FormatValue(list) + ": for 'in', 'notin' operators, values set can't be empty");
                break;
            case SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.NotEquals when list.Length != 1:
                errors.Add("values: Invalid value: " + GoText.FormatValue(list) + ": exact-match compatibility requires one single value");
                break;
            case SelectorOperator.Exists or SelectorOperator.DoesNotExist when list.Length != 0:
                errors.Add("values: Invalid value: " + GoText.FormatValue(list) + ": values set must be empty for exists and does not exist");
                break;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (list.Length != 1)
                {
                    errors.Add("values: Invalid value: " + GoText.FormatValue(list) + ": for 'Gt', 'Lt' operators, exactly one value is required");
                }

                for (var i = 0; i < list.Length; i++)
                {
                    if (!long.TryParse(list[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    {
                        errors.Add($"values[{i}]: Invalid value: {GoText.Quote(list[i])}: for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                }

                break;
        }

        for (var i = 0; i < list.Length; i++)
        {
            var messages = NameValidation.IsValidLabelValue(list[i]);
            if (messages.Count > 0)
            {
                errors.Add($"values[{i}][{key}]: Invalid value: {GoText.Quote(list[i])}: {string.Join("; ", messages)}");
            }
        }

        if (errors.Count > 0)
        {
            throw new SelectorException(FieldErrors.AggregateMessages(errors));
        }

        return new LabelRequirement(key, op, list);
    }

    /// <summary>Whether a label set (metadata.labels; null = no labels) satisfies this requirement.</summary>
    public bool Matches(JsonObject? labels)
    {
        var has = TryGet(labels, Key, out var value);
        switch (Operator)
        {
            case SelectorOperator.In or SelectorOperator.Equals or SelectorOperator.DoubleEquals:
                return has && _values.Contains(value, StringComparer.Ordinal);
            case SelectorOperator.NotIn or SelectorOperator.NotEquals:
                return !has || !_values.Contains(value, StringComparer.Ordinal);
            case SelectorOperator.Exists:
                return has;
            case SelectorOperator.DoesNotExist:
                return !has;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (!has || _values.Length != 1
                    || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
                    || !long.TryParse(_values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
                {
                    return false;
                }

                return Operator == SelectorOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>The canonical text, e.g. "app=web", "tier in (a,b)", "!debug".</summary>
    public override string ToString()
    {
        var prefix = Operator == SelectorOperator.DoesNotExist ? "!" : "";
        var values = string.Join(",", _values.Order(StringComparer.Ordinal));
        return Operator switch
        {
            SelectorOperator.Equals => Key + "=" + values,
            SelectorOperator.DoubleEquals => Key + "==" + values,
            SelectorOperator.NotEquals => Key + "!=" + values,
            SelectorOperator.In => Key + " in (" + values + ")",
            SelectorOperator.NotIn => Key + " notin (" + values + ")",
            SelectorOperator.GreaterThan => Key + ">" + values,
            SelectorOperator.LessThan => Key + "<" + values,
            _ => prefix + Key,
        };
    }

    private static bool TryGet(JsonObject? labels, string key, out string value)
    {
        value = "";
        if (labels is null || !labels.TryGetPropertyValue(key, out var node))
        {
            return false;
        }

        value = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "";
        return true;
    }
}
