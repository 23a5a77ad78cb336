using System.Text.Json.Nodes;
using Kubesharp.Api.Validation;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// ValidateCustomResourceDefinition for v1, with upstream's field paths and messages: name is
/// plural.group, names are DNS-1035 labels, a scope, versions with exactly one storage version,
/// a structural schema for each, scale paths under .spec/.status and valid printer columns.
/// </summary>
public static class CrdValidation
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];
    private static readonly string[] ColumnTypes = ["boolean", "date", "integer", "number", "string"];

    public static IReadOnlyList<FieldError> Validate(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject ?? [];
        var group = CustomResourceDefinitions.Str(spec, "group") ?? "";
        var names = spec["names"] as JsonObject ?? [];
        var plural = CustomResourceDefinitions.Str(names, "plural") ?? "";
        var name = Objects.ObjectMeta.Name(crd) ?? "";
        if (name != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }

        if (group.Length == 0)
        {
            errors.Add(FieldError.Required("spec.group"));
        }
        else
        {
            errors.AddRange(NameValidation.IsDNS1123Subdomain(group).Select(m => FieldError.Invalid("spec.group", group, m)));
            if (!group.Contains('.', StringComparison.Ordinal))
            {
                errors.Add(FieldError.Invalid("spec.group", group, "should be a domain with at least one dot"));
            }
        }

        ValidateNames(names, errors);
        var scope = CustomResourceDefinitions.Str(spec, "scope");
        if (string.IsNullOrEmpty(scope))
        {
            errors.Add(FieldError.Required("spec.scope"));
        }
        else if (!Scopes.Contains(scope))
        {
            errors.Add(FieldError.NotSupported("spec.scope", scope, Scopes));
        }

        ValidateVersions(spec["versions"] as JsonArray ?? [], errors);
        if (CustomResourceDefinitions.Str(spec["conversion"] as JsonObject, "strategy") is { } strategy && strategy is not ("None" or "Webhook"))
        {
            errors.Add(FieldError.NotSupported("spec.conversion.strategy", strategy, ["None", "Webhook"]));
        }

        return errors;
    }

    /// <summary>What an update may not change: group and scope.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(JsonObject crd, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(crd);
        ArgumentNullException.ThrowIfNull(old);
        var errors = Validate(crd).ToList();
        foreach (var field in new[] { "group", "scope" })
        {
            var now = CustomResourceDefinitions.Str(crd["spec"] as JsonObject, field);
            if (now is not null && now != CustomResourceDefinitions.Str(old["spec"] as JsonObject, field))
            {
                errors.Add(FieldError.Invalid($"spec.{field}", now, "field is immutable"));
            }
        }

        return errors;
    }

    private static void ValidateNames(JsonObject names, List<FieldError> errors)
    {
        Label(names, "plural", "spec.names.plural", required: true, errors);
        Label(names, "singular", "spec.names.singular", required: false, errors);
        var kind = CustomResourceDefinitions.Str(names, "kind") ?? "";
        if (kind.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }
        else if (NameValidation.IsDNS1035Label(kind.ToLowerInvariant()).Count > 0)
        {
            errors.Add(FieldError.Invalid("spec.names.kind", kind, "may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?"));
        }

        var listKind = CustomResourceDefinitions.Str(names, "listKind") ?? "";
        if (listKind.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.listKind"));
        }
        else if (listKind == kind)
        {
            errors.Add(FieldError.Invalid("spec.names.listKind", listKind, "kind and listKind may not be the same"));
        }

        var shortNames = CustomResourceDefinitions.Strings(names, "shortNames");
        for (var i = 0; i < shortNames.Count; i++)
        {
            errors.AddRange(NameValidation.IsDNS1035Label(shortNames[i]).Select(m => FieldError.Invalid($"spec.names.shortNames[{i}]", shortNames[i], m)));
        }
    }

    private static void Label(JsonObject names, string field, string path, bool required, List<FieldError> errors)
    {
        var value = CustomResourceDefinitions.Str(names, field) ?? "";
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add(FieldError.Required(path));
            }

            return;
        }

        errors.AddRange(NameValidation.IsDNS1035Label(value).Select(m => FieldError.Invalid(path, value, m)));
    }

    private static void ValidateVersions(JsonArray versions, List<FieldError> errors)
    {
        if (versions.Count == 0)
        {
            errors.Add(FieldError.Required("spec.versions", "must have exactly one version marked as storage version"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var storage = 0;
        var served = 0;
        for (var i = 0; i < versions.Count; i++)
        {
            var path = $"spec.versions[{i}]";
            var version = versions[i] as JsonObject ?? [];
            var name = CustomResourceDefinitions.Str(version, "name") ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(path + ".name"));
            }
            else
            {
                errors.AddRange(NameValidation.IsDNS1035Label(name).Select(m => FieldError.Invalid(path + ".name", name, m)));
                if (!seen.Add(name))
                {
                    errors.Add(FieldError.Duplicate(path + ".name", name));
                }
            }

            storage += CustomResourceDefinitions.Bool(version, "storage") ? 1 : 0;
            served += CustomResourceDefinitions.Bool(version, "served") ? 1 : 0;
            if ((version["schema"] as JsonObject)?["openAPIV3Schema"] is JsonObject schema)
            {
                StructuralSchemaCheck.Validate(schema, path + ".schema.openAPIV3Schema", errors);
            }
            else
            {
                errors.Add(FieldError.Required(path + ".schema.openAPIV3Schema", "schemas are required"));
            }

            ValidateSubresources(version["subresources"] as JsonObject, path + ".subresources", errors);
            ValidateColumns(version["additionalPrinterColumns"] as JsonArray, path + ".additionalPrinterColumns", errors);
        }

        if (storage != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", versions, "must have exactly one version marked as storage version"));
        }

        if (served == 0)
        {
            errors.Add(FieldError.Invalid("spec.versions", versions, "must have at least one version marked as served"));
        }
    }

    private static void ValidateSubresources(JsonObject? subresources, string path, List<FieldError> errors)
    {
        if (subresources?["scale"] is not JsonObject scale)
        {
            return;
        }

        foreach (var (field, under) in new[] { ("specReplicasPath", ".spec"), ("statusReplicasPath", ".status") })
        {
            var value = CustomResourceDefinitions.Str(scale, field) ?? "";
            if (value.Length == 0)
            {
                errors.Add(FieldError.Required($"{path}.scale.{field}"));
            }
            else if (!SimpleJsonPath.IsFieldPath(value) || !value.StartsWith(under + ".", StringComparison.Ordinal))
            {
                errors.Add(FieldError.Invalid($"{path}.scale.{field}", value, $"should be a json path under {under}"));
            }
        }

        if (CustomResourceDefinitions.Str(scale, "labelSelectorPath") is { Length: > 0 } selector
            && (!SimpleJsonPath.IsFieldPath(selector) || !(selector.StartsWith(".spec.", StringComparison.Ordinal) || selector.StartsWith(".status.", StringComparison.Ordinal))))
        {
            errors.Add(FieldError.Invalid($"{path}.scale.labelSelectorPath", selector, "should be a json path under either .spec or .status"));
        }
    }

    private static void ValidateColumns(JsonArray? columns, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (columns?.Count ?? 0); i++)
        {
            var column = columns![i] as JsonObject ?? [];
            var at = $"{path}[{i}]";
            if (CustomResourceDefinitions.Str(column, "name") is not { Length: > 0 })
            {
                errors.Add(FieldError.Required(at + ".name"));
            }

            var type = CustomResourceDefinitions.Str(column, "type") ?? "";
            if (type.Length == 0)
            {
                errors.Add(FieldError.Required(at + ".type"));
            }
            else if (!ColumnTypes.Contains(type))
            {
                errors.Add(FieldError.NotSupported(at + ".type", type, ColumnTypes));
            }

            if (CustomResourceDefinitions.Str(column, "jsonPath") is not { Length: > 0 })
            {
                errors.Add(FieldError.Required(at + ".jsonPath"));
            }
        }
    }
}
