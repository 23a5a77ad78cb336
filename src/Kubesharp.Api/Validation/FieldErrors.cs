using System.Text.Json.Nodes;

namespace Kubesharp.Api.Validation;

/// <summary>Rendering of field errors into the messages and 422 Status bodies upstream returns.</summary>
public static class FieldErrors
{
    public static string Reason(FieldErrorType type) => type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        FieldErrorType.TooMany => "FieldValueTooMany",
        _ => "InternalError",
    };

    internal static string Title(FieldErrorType type) => type switch
    {
        FieldErrorType.Required => "Required value",
        FieldErrorType.Invalid or FieldErrorType.TypeInvalid => "Invalid value",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.TooMany => "Too many",
        _ => "Internal error",
    };

    /// <summary>
    /// utilerrors.NewAggregate(...).Error(): one error alone, several as "[a, b]" with repeats dropped.
    /// </summary>
    public static string Aggregate(IEnumerable<FieldError> errors) => AggregateMessages(errors.Select(e => e.ToString()));

    internal static string AggregateMessages(IEnumerable<string> messages)
    {
        var seen = new List<string>();
        foreach (var message in messages)
        {
            if (!seen.Contains(message))
            {
                seen.Add(message);
            }
        }

        return seen.Count switch
        {
            0 => "",
            1 => seen[0],
            _ => "[" + string.Join(", ", seen) + "]",
        };
    }

    /// <summary>
    /// The 422 Invalid Status for <paramref name="kind"/> "<paramref name="name"/>", as errors.NewInvalid builds it:
    /// message <c>Pod "x" is invalid: ...</c> (kind qualified by group, e.g. "Deployment.apps") and one cause per error.
    /// </summary>
    public static JsonObject InvalidStatus(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var qualifiedKind = group.Length == 0 ? kind : kind + "." + group;
        var message = $"{qualifiedKind} {GoText.Quote(name)} is invalid";
        if (errors.Count > 0)
        {
            message += ": " + Aggregate(errors);
        }

        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add((JsonNode)new JsonObject { ["reason"] = error.Reason, ["message"] = error.Body, ["field"] = error.Field });
        }

        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        details["causes"] = causes;
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = "Invalid",
            ["details"] = details,
            ["code"] = 422,
        };
    }
}
