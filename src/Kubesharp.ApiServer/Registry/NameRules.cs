using System.Text.RegularExpressions;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Object name rules with upstream's messages: namespaces are DNS-1123 labels, everything else a
/// DNS-1123 subdomain. TODO(tables branch): move to Kubesharp.Api.Validation once it lands.
/// </summary>
internal static partial class NameRules
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public static StatusCause? CheckName(ResourceType type, string name)
    {
        if (name.Length == 0)
        {
            return new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name");
        }

        var isLabel = type.Group.Length == 0 && type.Plural == "namespaces";
        if (isLabel)
        {
            if (name.Length > 63)
            {
                return Invalid(name, "must be no more than 63 characters");
            }

            return Label().IsMatch(name) ? null : Invalid(name, LabelMessage);
        }

        if (name.Length > 253)
        {
            return Invalid(name, "must be no more than 253 characters");
        }

        return Subdomain().IsMatch(name) ? null : Invalid(name, SubdomainMessage);
    }

    private static StatusCause Invalid(string name, string why) =>
        new("FieldValueInvalid", $"Invalid value: \"{name}\": {why}", "metadata.name");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
