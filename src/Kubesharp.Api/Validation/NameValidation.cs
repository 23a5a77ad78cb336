using System.Text.RegularExpressions;

namespace Kubesharp.Api.Validation;

/// <summary>
/// The string format checks of apimachinery's util/validation, with its messages word for word:
/// clients (and people) match on them, so an empty list means valid and anything else is the
/// upstream explanation.
/// </summary>
public static partial class NameValidation
{
    public const int DNS1123LabelMaxLength = 63;
    public const int DNS1123SubdomainMaxLength = 253;
    public const int DNS1035LabelMaxLength = 63;
    public const int LabelValueMaxLength = 63;
    public const int QualifiedNameMaxLength = 63;

    internal const string DNS1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    internal const string DNS1123SubdomainFormat = DNS1123LabelFormat + "(\\." + DNS1123LabelFormat + ")*";
    internal const string DNS1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    internal const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    internal const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";

    private const string DNS1123LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string DNS1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string DNS1035LabelMessage = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>A DNS label (RFC 1123): namespace and service names, among others.</summary>
    public static IReadOnlyList<string> IsDNS1123Label(string value)
    {
        List<string>? errors = null;
        if (ByteLength(value) > DNS1123LabelMaxLength)
        {
            (errors ??= []).Add(MaxLenError(DNS1123LabelMaxLength));
        }

        if (!DNS1123Label().IsMatch(value))
        {
            // A valid subdomain that is not a valid label (length was checked above) can only have dots.
            (errors ??= []).Add(DNS1123Subdomain().IsMatch(value)
                ? "must not contain dots"
                : RegexError(DNS1123LabelMessage, DNS1123LabelFormat, "my-name", "123-abc"));
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>A DNS subdomain (RFC 1123): the name rule of most kinds.</summary>
    public static IReadOnlyList<string> IsDNS1123Subdomain(string value)
    {
        List<string>? errors = null;
        if (ByteLength(value) > DNS1123SubdomainMaxLength)
        {
            (errors ??= []).Add(MaxLenError(DNS1123SubdomainMaxLength));
        }

        if (!DNS1123Subdomain().IsMatch(value))
        {
            (errors ??= []).Add(RegexError(DNS1123SubdomainMessage, DNS1123SubdomainFormat, "example.com"));
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>A DNS-1035 label: must start with a letter (service names in newer rules, port names).</summary>
    public static IReadOnlyList<string> IsDNS1035Label(string value)
    {
        List<string>? errors = null;
        if (ByteLength(value) > DNS1035LabelMaxLength)
        {
            (errors ??= []).Add(MaxLenError(DNS1035LabelMaxLength));
        }

        if (!DNS1035Label().IsMatch(value))
        {
            (errors ??= []).Add(RegexError(DNS1035LabelMessage, DNS1035LabelFormat, "my-name", "abc-123"));
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>A qualified name ("prefix/name" or "name"): label and annotation keys, finalizers.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part " + EmptyError());
                }
                else
                {
                    foreach (var message in IsDNS1123Subdomain(parts[0]))
                    {
                        errors.Add("prefix part " + message);
                    }
                }

                break;
            default:
                errors.Add("a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part " + EmptyError());
        }
        else if (ByteLength(name) > QualifiedNameMaxLength)
        {
            errors.Add("name part " + MaxLenError(QualifiedNameMaxLength));
        }

        if (!QualifiedName().IsMatch(name))
        {
            errors.Add("name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>A label value: empty, or a qualified-name-like token of at most 63 characters.</summary>
    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        List<string>? errors = null;
        if (ByteLength(value) > LabelValueMaxLength)
        {
            (errors ??= []).Add(MaxLenError(LabelValueMaxLength));
        }

        if (!LabelValue().IsMatch(value))
        {
            (errors ??= []).Add(RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>
    /// Path segment names (e.g. RBAC roles): anything that survives being one URL segment. Returns
    /// upstream's ValidatePathSegmentName messages.
    /// </summary>
    public static IReadOnlyList<string> IsValidPathSegmentName(string value)
    {
        if (value is "." or "..")
        {
            return [$"may not be '{value}'"];
        }

        var errors = new List<string>();
        foreach (var illegal in (ReadOnlySpan<string>)["/", "%"])
        {
            if (value.Contains(illegal, StringComparison.Ordinal))
            {
                errors.Add($"may not contain '{illegal}'");
            }
        }

        return errors;
    }

    // Kubernetes 1.32 (what the kubectl builds here speak to) says "characters"; later releases say "bytes".
    public static string MaxLenError(int length) => $"must be no more than {length} characters";

    public static string EmptyError() => "must be non-empty";

    public static string RegexError(string message, string format, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return message + " (regex used for validation is '" + format + "')";
        }

        var builder = new System.Text.StringBuilder(message).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(" or ");
            }

            builder.Append('\'').Append(examples[i]).Append("', ");
        }

        return builder.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    // Upstream counts bytes (Go's len), not UTF-16 units.
    private static int ByteLength(string value) => System.Text.Encoding.UTF8.GetByteCount(value);

    // "\z", not "$": .NET's "$" also matches before a trailing newline, Go's does not.
    [GeneratedRegex("^" + DNS1123LabelFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DNS1123Label();

    [GeneratedRegex("^" + DNS1123SubdomainFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DNS1123Subdomain();

    [GeneratedRegex("^" + DNS1035LabelFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DNS1035Label();

    [GeneratedRegex("^" + QualifiedNameFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + LabelValueFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();
}
