using System.Text.Json.Nodes;

namespace Kubesharp.Api.Validation;

/// <summary>
/// One field-level validation failure, as apimachinery's field.Error: the path ("metadata.name"),
/// the kind of failure, the offending value and a detail. <see cref="Body"/> and
/// <see cref="ToString"/> render exactly as upstream so 422 messages read the same.
/// </summary>
/// <param name="BadValue">A string, number, bool, <see cref="JsonNode"/> or null; rendered as Go does.</param>
public sealed record FieldError(FieldErrorType Type, string Field, object? BadValue, string Detail)
{
    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, "", detail);

    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, "", detail);

    public static FieldError Duplicate(string field, object? value) => new(FieldErrorType.Duplicate, field, value, "");

    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported)
    {
        var quoted = string.Join(", ", supported.Select(GoText.Quote));
        return new(FieldErrorType.NotSupported, field, value, quoted.Length == 0 ? "" : "supported values: " + quoted);
    }

    public static FieldError TooLong(string field, int maxLength) =>
        new(FieldErrorType.TooLong, field, "<value omitted>", maxLength >= 0 ? $"may not be more than {maxLength} {(maxLength == 1 ? "byte" : "bytes")}" : "value is too long");

    /// <summary>The StatusCause reason, e.g. "FieldValueInvalid".</summary>
    public string Reason => FieldErrors.Reason(Type);

    /// <summary>The message without the field name: what a StatusCause carries, e.g. <c>Invalid value: "A": ...</c>.</summary>
    public string Body
    {
        get
        {
            var text = Type switch
            {
                FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong or FieldErrorType.Internal => FieldErrors.Title(Type),
                _ => FieldErrors.Title(Type) + ": " + GoText.FormatValue(BadValue),
            };
            return Detail.Length == 0 ? text : text + ": " + Detail;
        }
    }

    public override string ToString() => Field + ": " + Body;
}
