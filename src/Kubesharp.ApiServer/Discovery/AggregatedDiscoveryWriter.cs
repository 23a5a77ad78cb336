using System.Text.Json;
using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>
/// apidiscovery.k8s.io APIGroupDiscoveryList: every group, version and resource in one response,
/// which kubectl 1.26+ asks for instead of one request per group-version.
/// v2 and v2beta1 share the wire shape; only apiVersion differs.
/// </summary>
internal static class AggregatedDiscoveryWriter
{
    public static byte[] GroupDiscoveryList(string apiVersion, IEnumerable<ServedGroup> groups) => LegacyDiscoveryWriter.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("kind", "APIGroupDiscoveryList");
        json.WriteString("apiVersion", $"apidiscovery.k8s.io/{apiVersion}");
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteStartArray("items");
        foreach (var group in groups)
        {
            WriteGroup(json, group);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteGroup(Utf8JsonWriter json, ServedGroup group)
    {
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        if (group.Name.Length > 0)
        {
            json.WriteString("name", group.Name);
        }

        json.WriteNull("creationTimestamp");
        json.WriteEndObject();
        json.WriteStartArray("versions");
        foreach (var version in group.Versions)
        {
            json.WriteStartObject();
            json.WriteString("version", version.Version);
            json.WriteStartArray("resources");
            foreach (var resource in version.Resources)
            {
                WriteResource(json, resource);
            }

            json.WriteEndArray();
            json.WriteString("freshness", "Current");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter json, ResourceType resource)
    {
        json.WriteStartObject();
        json.WriteString("resource", resource.Plural);
        WriteKind(json, resource.Group, resource.Version, resource.Kind);
        json.WriteString("scope", resource.Namespaced ? "Namespaced" : "Cluster");
        json.WriteString("singularResource", resource.Singular);
        LegacyDiscoveryWriter.WriteStrings(json, "verbs", resource.Verbs);
        if (resource.ShortNames.Count > 0)
        {
            LegacyDiscoveryWriter.WriteStrings(json, "shortNames", resource.ShortNames);
        }

        if (resource.Categories.Count > 0)
        {
            LegacyDiscoveryWriter.WriteStrings(json, "categories", resource.Categories);
        }

        if (resource.Subresources.Count > 0)
        {
            json.WriteStartArray("subresources");
            foreach (var name in resource.Subresources)
            {
                var sub = Subresource.For(name, resource.Group, resource.Version, resource.Kind);
                json.WriteStartObject();
                json.WriteString("subresource", name);
                WriteKind(json, sub.Group, sub.Version, sub.Kind);
                LegacyDiscoveryWriter.WriteStrings(json, "verbs", sub.Verbs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteKind(Utf8JsonWriter json, string group, string version, string kind)
    {
        json.WriteStartObject("responseKind");
        json.WriteString("group", group);
        json.WriteString("version", version);
        json.WriteString("kind", kind);
        json.WriteEndObject();
    }
}
