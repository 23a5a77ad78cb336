using System.Text.Json;
using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.OpenApi;

/// <summary>
/// The v3 "paths" Kubesharp publishes: one list operation per resource, tagged with
/// x-kubernetes-group-version-kind, because kubectl explain maps a resource to its kind by
/// finding that path. No PATCH operations (and so no fieldValidation parameter) are listed yet,
/// so kubectl keeps validating fields client-side against /openapi/v2.
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
            json.WriteStartObject("x-kubernetes-group-version-kind");
            json.WriteString("group", resource.Group);
            json.WriteString("kind", resource.Kind);
            json.WriteString("version", resource.Version);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
