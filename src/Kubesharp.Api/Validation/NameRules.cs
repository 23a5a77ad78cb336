using Kubesharp.Api.Catalog;

namespace Kubesharp.Api.Validation;

/// <summary>The name rule of each resource, as each kind's upstream validation chooses it.</summary>
public static class NameRules
{
    public static NameRule For(ResourceType resource) => For(resource.Group, resource.Plural);

    public static NameRule For(string group, string plural) => (group, plural) switch
    {
        ("", "namespaces") => NameRule.DNS1123Label,
        // ValidateServiceName is NameIsDNS1035Label: a service name becomes a DNS label and an env var prefix.
        ("", "services") => NameRule.DNS1035Label,
        ("rbac.authorization.k8s.io", _) => NameRule.PathSegment,
        _ => NameRule.DNS1123Subdomain,
    };

    /// <summary>
    /// The messages for <paramref name="name"/> under <paramref name="rule"/>. With <paramref name="prefix"/>
    /// (a generateName) a trailing '-' is allowed, as upstream masks it before checking.
    /// </summary>
    public static IReadOnlyList<string> Validate(NameRule rule, string name, bool prefix = false)
    {
        if (prefix && rule != NameRule.PathSegment && name.EndsWith('-'))
        {
            name = name[..^1] + "a";
        }

        return rule switch
        {
            NameRule.DNS1123Label => NameValidation.IsDNS1123Label(name),
            NameRule.DNS1035Label => NameValidation.IsDNS1035Label(name),
            NameRule.PathSegment => prefix ? PathSegmentPrefix(name) : NameValidation.IsValidPathSegmentName(name),
            _ => NameValidation.IsDNS1123Subdomain(name),
        };
    }

    private static List<string> PathSegmentPrefix(string name)
    {
        var errors = new List<string>();
        foreach (var illegal in (ReadOnlySpan<string>)["/", "%"])
        {
            if (name.Contains(illegal, StringComparison.Ordinal))
            {
                errors.Add($"may not contain '{illegal}'");
            }
        }

        return errors;
    }
}
