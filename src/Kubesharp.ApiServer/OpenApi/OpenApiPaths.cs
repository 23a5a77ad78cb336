using System.Text.Json;
using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.OpenApi;

/// <summary>
/// The v3 "paths" Kubesharp publishes: per resource a list operation tagged with
/// x-kubernetes-group-version-kind (kubectl explain maps a resource to its kind by finding it)
/// and a PATCH operation with the fieldValidation parameter, which is how kubectl learns that the
/// server validates fields itself (then it sends fieldValidation=Strict instead of validating
/// client-side).
/// </summary>
internal static class OpenApiPaths
{
    public static void WriteListOperations(Utf8JsonWriter json, IReadOnlyList<ResourceType> resources)
    {
        json.WriteStartObject("paths");
        foreach (var resource in resources)
        {
            var prefix = resource.Group.Length == 0 ? $"/api/{resource.Version}" : $"/apis/{resource.Group}/{resource.Version}";
            json.WriteStartObject(resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}" : $"{prefix}/{resource.Plural}");
            json.WriteStartObject("get");
            json.WriteString("description", $"list or watch objects of kind {resource.Kind}");
            json.WriteString("x-kubernetes-action", "list");
            WriteGroupVersionKind(json, resource);
            json.WriteEndObject();
            json.WriteEndObject();
            WritePatchOperation(json, resource, prefix);
        }

        json.WriteEndObject();
    }

    private static void WritePatchOperation(Utf8JsonWriter json, ResourceType resource, string prefix)
    {
        json.WriteStartObject(resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}/{{name}}" : $"{prefix}/{resource.Plural}/{{name}}");
        json.WriteStartObject("patch");
        json.WriteString("description", $"partially update the specified {resource.Kind}");
        json.WriteStartArray("parameters");
        foreach (var name in new[] { "dryRun", "fieldManager", "fieldValidation", "force" })
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("in", "query");
            json.WriteStartObject("schema");
            json.WriteString("type", name == "force" ? "boolean" : "string");
            json.WriteEndObject();
            json.WriteBoolean("uniqueItems", true);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("x-kubernetes-action", "patch");
        WriteGroupVersionKind(json, resource);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteGroupVersionKind(Utf8JsonWriter json, ResourceType resource)
    {
        json.WriteStartObject("x-kubernetes-group-version-kind");
        json.WriteString("group", resource.Group);
        json.WriteString("kind", resource.Kind);
        json.WriteString("version", resource.Version);
        json.WriteEndObject();
    }
}
