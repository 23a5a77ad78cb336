using System.Buffers;
using System.Text.Json;
using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>The unaggregated discovery documents: APIVersions, APIGroupList, APIGroup, APIResourceList.</summary>
internal static class LegacyDiscoveryWriter
{
    public static byte[] ApiVersions(string serverAddress) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("kind", "APIVersions");
        json.WriteStartArray("versions");
        json.WriteStringValue("v1");
        json.WriteEndArray();
        json.WriteStartArray("serverAddressByClientCIDRs");
        json.WriteStartObject();
        json.WriteString("clientCIDR", "0.0.0.0/0");
        json.WriteString("serverAddress", serverAddress);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    });

    public static byte[] GroupList(IEnumerable<ServedGroup> groups) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("kind", "APIGroupList");
        json.WriteString("apiVersion", "v1");
        json.WriteStartArray("groups");
        foreach (var group in groups)
        {
            WriteGroupBody(json, group);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    public static byte[] Group(ServedGroup group) => Write(json => WriteGroupBody(json, group, withKind: true));

    public static byte[] ResourceList(string groupVersion, IReadOnlyList<ResourceType> resources) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("kind", "APIResourceList");
        json.WriteString("apiVersion", "v1");
        json.WriteString("groupVersion", groupVersion);
        json.WriteStartArray("resources");
        foreach (var resource in resources)
        {
            json.WriteStartObject();
            json.WriteString("name", resource.Plural);
            json.WriteString("singularName", resource.Singular);
            json.WriteBoolean("namespaced", resource.Namespaced);
            json.WriteString("kind", resource.Kind);
            WriteStrings(json, "verbs", resource.Verbs);
            if (resource.ShortNames.Count > 0)
            {
                WriteStrings(json, "shortNames", resource.ShortNames);
            }

            if (resource.Categories.Count > 0)
            {
                WriteStrings(json, "categories", resource.Categories);
            }

            json.WriteEndObject();
            foreach (var name in resource.Subresources)
            {
                var sub = Subresource.For(name, resource.Group, resource.Version, resource.Kind);
                json.WriteStartObject();
                json.WriteString("name", $"{resource.Plural}/{name}");
                json.WriteString("singularName", "");
                json.WriteBoolean("namespaced", resource.Namespaced);
                if (sub.Group != resource.Group || sub.Version != resource.Version)
                {
                    json.WriteString("group", sub.Group);
                    json.WriteString("version", sub.Version);
                }

                json.WriteString("kind", sub.Kind);
                WriteStrings(json, "verbs", sub.Verbs);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteGroupBody(Utf8JsonWriter json, ServedGroup group, bool withKind = false)
    {
        json.WriteStartObject();
        if (withKind)
        {
            json.WriteString("kind", "APIGroup");
            json.WriteString("apiVersion", "v1");
        }

        json.WriteString("name", group.Name);
        json.WriteStartArray("versions");
        foreach (var version in group.Versions)
        {
            WriteGroupVersion(json, group.Name, version.Version);
        }

        json.WriteEndArray();
        json.WritePropertyName("preferredVersion");
        WriteGroupVersion(json, group.Name, group.PreferredVersion);
        json.WriteEndObject();
    }

    private static void WriteGroupVersion(Utf8JsonWriter json, string group, string version)
    {
        json.WriteStartObject();
        json.WriteString("groupVersion", $"{group}/{version}");
        json.WriteString("version", version);
        json.WriteEndObject();
    }

    internal static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    internal static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
