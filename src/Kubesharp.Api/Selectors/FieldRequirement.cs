namespace Kubesharp.Api.Selectors;

/// <summary>One term of a field selector: <c>field=value</c> (or <c>==</c>) when <see cref="Equal"/>, else <c>field!=value</c>.</summary>
public sealed record FieldRequirement(string Field, bool Equal, string Value)
{
    public override string ToString() => Field + (Equal ? "=" : "!=") + EscapeValue(Value);

    /// <summary>fields.EscapeValue: backslash, comma and equals are backslash-escaped.</summary>
    public static string EscapeValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);
}
