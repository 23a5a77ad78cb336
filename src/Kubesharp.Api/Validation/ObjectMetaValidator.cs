using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Validation;

/// <summary>
/// apimachinery's ValidateObjectMeta / ValidateObjectMetaUpdate over JSON metadata. Errors come back
/// in upstream's order (generateName, name, namespace, generation, labels, annotations, owner
/// references, finalizers) so the 422 message matches what a real API server says.
/// </summary>
public static class ObjectMetaValidator
{
    /// <summary>Total bytes of keys plus values that metadata.annotations may hold.</summary>
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    public const string FieldImmutable = "field is immutable";

    /// <summary>Checks an object's metadata for create (and, with the update checks, for update).</summary>
    /// <param name="meta">The object's metadata; null is treated as empty.</param>
    /// <param name="namespaced">Whether the resource is namespaced: namespace then required, else forbidden.</param>
    /// <param name="rule">The name rule of the kind (see <see cref="NameRules.For(Catalog.ResourceType)"/>).</param>
    public static IReadOnlyList<FieldError> Validate(JsonObject? meta, bool namespaced, NameRule rule, string path = "metadata")
    {
        var errors = new List<FieldError>();
        var generateName = Text(meta, "generateName");
        if (generateName.Length > 0)
        {
            foreach (var message in NameRules.Validate(rule, generateName, prefix: true))
            {
                errors.Add(FieldError.Invalid(path + ".generateName", generateName, message));
            }
        }

        var name = Text(meta, "name");
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path + ".name", "name or generateName is required"));
        }
        else
        {
            foreach (var message in NameRules.Validate(rule, name))
            {
                errors.Add(FieldError.Invalid(path + ".name", name, message));
            }
        }

        var ns = Text(meta, "namespace");
        if (namespaced)
        {
            if (ns.Length == 0)
            {
                errors.Add(FieldError.Required(path + ".namespace"));
            }
            else
            {
                foreach (var message in NameValidation.IsDNS1123Label(ns))
                {
                    errors.Add(FieldError.Invalid(path + ".namespace", ns, message));
                }
            }
        }
        else if (ns.Length > 0)
        {
            errors.Add(FieldError.Forbidden(path + ".namespace", "not allowed on this type"));
        }

        if (meta?["generation"] is JsonValue generation && generation.TryGetValue<long>(out var g) && g < 0)
        {
            errors.Add(FieldError.Invalid(path + ".generation", g, "must be greater than or equal to 0"));
        }

        AddCommon(errors, meta, path);
        AddFinalizers(errors, meta, path);
        return errors;
    }

    /// <summary>
    /// The checks of an update: <paramref name="newMeta"/> against <paramref name="oldMeta"/> (immutable
    /// identity, resourceVersion present, generation not decremented, no new finalizers while deleting)
    /// plus labels, annotations and owner references of the new metadata.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(JsonObject? newMeta, JsonObject? oldMeta, string path = "metadata")
    {
        var errors = new List<FieldError>();
        if (oldMeta?["deletionTimestamp"] is not null)
        {
            var old = Strings(oldMeta["finalizers"]).ToHashSet(StringComparer.Ordinal);
            var added = Strings(newMeta?["finalizers"]).Where(f => !old.Contains(f)).Distinct().Order(StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                var goList = "[]string{" + string.Join(", ", added.Select(GoText.Quote)) + "}";
                errors.Add(FieldError.Forbidden(path + ".finalizers", "no new finalizers can be added if the object is being deleted, found new finalizers " + goList));
            }
        }

        var resourceVersion = Text(newMeta, "resourceVersion");
        if (resourceVersion.Length == 0)
        {
            errors.Add(FieldError.Invalid(path + ".resourceVersion", resourceVersion, "must be specified for an update"));
        }

        var newGeneration = Long(newMeta, "generation");
        if (newGeneration < Long(oldMeta, "generation"))
        {
            errors.Add(FieldError.Invalid(path + ".generation", newGeneration, "must not be decremented"));
        }

        foreach (var field in (ReadOnlySpan<string>)["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"])
        {
            var now = newMeta?[field];
            if (!JsonNode.DeepEquals(now, oldMeta?[field]))
            {
                errors.Add(FieldError.Invalid(path + "." + field, ImmutableValue(now), FieldImmutable));
            }
        }

        AddCommon(errors, newMeta, path);
        return errors;
    }

    private static JsonNode ImmutableValue(JsonNode? value) => value ?? JsonValue.Create("");

    private static void AddCommon(List<FieldError> errors, JsonObject? meta, string path)
    {
        if (meta?["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                foreach (var message in NameValidation.IsQualifiedName(key))
                {
                    errors.Add(FieldError.Invalid(path + ".labels", key, message));
                }

                var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "";
                foreach (var message in NameValidation.IsValidLabelValue(text))
                {
                    errors.Add(FieldError.Invalid(path + ".labels", text, message));
                }
            }
        }

        if (meta?["annotations"] is JsonObject annotations)
        {
            long total = 0;
            foreach (var (key, value) in annotations.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                foreach (var message in NameValidation.IsQualifiedName(key.ToLowerInvariant()))
                {
                    errors.Add(FieldError.Invalid(path + ".annotations", key, message));
                }

                var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
                total += System.Text.Encoding.UTF8.GetByteCount(key) + System.Text.Encoding.UTF8.GetByteCount(text);
            }

            if (total > TotalAnnotationSizeLimit)
            {
                errors.Add(FieldError.TooLong(path + ".annotations", TotalAnnotationSizeLimit));
            }
        }

        if (meta?["ownerReferences"] is JsonArray owners)
        {
            AddOwnerReferences(errors, owners, path + ".ownerReferences");
        }
    }

    private static void AddOwnerReferences(List<FieldError> errors, JsonArray owners, string path)
    {
        string? firstController = null;
        foreach (var owner in owners.OfType<JsonObject>())
        {
            var apiVersion = Text(owner, "apiVersion");
            var version = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : apiVersion;
            if (version.Length == 0)
            {
                errors.Add(FieldError.Invalid(path + ".apiVersion", apiVersion, "version must not be empty"));
            }

            foreach (var field in (ReadOnlySpan<string>)["kind", "name", "uid"])
            {
                var value = Text(owner, field);
                if (value.Length == 0)
                {
                    errors.Add(FieldError.Invalid(path + "." + field, value, "must not be empty"));
                }
            }

            if (owner["controller"] is JsonValue c && c.TryGetValue<bool>(out var controller) && controller)
            {
                var current = Text(owner, "kind") + "/" + Text(owner, "name");
                if (firstController is null)
                {
                    firstController = current;
                }
                else
                {
                    errors.Add(FieldError.Invalid(path, owners, $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}"));
                }
            }
        }
    }

    private static void AddFinalizers(List<FieldError> errors, JsonObject? meta, string path)
    {
        foreach (var finalizer in Strings(meta?["finalizers"]))
        {
            foreach (var message in NameValidation.IsQualifiedName(finalizer))
            {
                errors.Add(FieldError.Invalid(path + ".finalizers", finalizer, message));
            }
        }
    }

    private static string Text(JsonObject? node, string field) =>
        node?[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    private static long Long(JsonObject? node, string field) =>
        node?[field] is JsonValue v && v.TryGetValue<long>(out var l) ? l : 0;

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())
            : [];
}
