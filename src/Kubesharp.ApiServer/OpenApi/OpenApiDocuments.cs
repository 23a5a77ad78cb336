using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Schema;
using Kubesharp.ApiServer.Discovery;

namespace Kubesharp.ApiServer.OpenApi;

/// <summary>
/// The OpenAPI documents for one state of the catalogue, precomputed as UTF-8 (and protobuf for
/// v2): /openapi/v2, the /openapi/v3 index and one v3 document per group-version.
/// </summary>
internal sealed class OpenApiDocuments
{
    private const string Title = "Kubernetes";
    private const string Version = Serving.SystemEndpoints.KubernetesVersion;

    private readonly FrozenDictionary<string, CachedDocument> _v3;

    public OpenApiDocuments(IReadOnlyList<ResourceType> resources, SchemaDefinitions definitions)
    {
        var ordered = definitions.Definitions.OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        V2Json = new CachedDocument(WriteV2Json(ordered));
        V2Protobuf = new CachedDocument(OpenApiV2Protobuf.Encode(Title, Version, ordered));

        var v3 = new Dictionary<string, CachedDocument>(StringComparer.Ordinal);
        foreach (var groupVersion in resources.GroupBy(r => (r.Group, r.Version)))
        {
            var (group, version) = groupVersion.Key;
            var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
            v3[path] = new CachedDocument(WriteV3(definitions, group, version, [.. groupVersion]));
        }

        _v3 = v3.ToFrozenDictionary(StringComparer.Ordinal);
        V3Index = new CachedDocument(WriteIndex(_v3));
    }

    public CachedDocument V2Json { get; }

    public CachedDocument V2Protobuf { get; }

    public CachedDocument V3Index { get; }

    /// <summary>The v3 document of "api/v1" or "apis/{group}/{version}", or null.</summary>
    public CachedDocument? V3(string path) => _v3.GetValueOrDefault(path);

    private static byte[] WriteV2Json(List<KeyValuePair<string, JsonObject>> definitions) => LegacyDiscoveryWriter.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("swagger", "2.0");
        WriteInfo(json);
        json.WriteStartObject("paths");
        json.WriteEndObject();
        json.WriteStartObject("definitions");
        foreach (var (name, schema) in definitions)
        {
            json.WritePropertyName(name);
            schema.WriteTo(json);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    });

    private static byte[] WriteV3(SchemaDefinitions definitions, string group, string version, IReadOnlyList<ResourceType> resources)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(definitions.Definitions
            .Where(d => d.Value["x-kubernetes-group-version-kind"] is JsonArray gvks && gvks.OfType<JsonObject>()
                .Any(g => (string?)g["group"] == group && (string?)g["version"] == version))
            .Select(d => d.Key));
        if (pending.Count > 0)
        {
            pending.Push("io.k8s.apimachinery.pkg.apis.meta.v1.Status");
            pending.Push("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions");
        }

        while (pending.TryPop(out var name))
        {
            if (definitions.Definitions.TryGetValue(name, out var schema) && names.Add(name))
            {
                foreach (var reference in References(schema))
                {
                    pending.Push(reference);
                }
            }
        }

        return LegacyDiscoveryWriter.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("openapi", "3.0.0");
            WriteInfo(json);
            OpenApiPaths.WriteListOperations(json, resources);
            json.WriteStartObject("components");
            json.WriteStartObject("schemas");
            foreach (var name in names)
            {
                json.WritePropertyName(name);
                OpenApiV3Converter.Convert(definitions.Definitions[name]).WriteTo(json);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "$ref" && value is JsonValue reference)
                    {
                        var text = (string)reference!;
                        yield return text[(text.LastIndexOf('/') + 1)..];
                    }
                    else
                    {
                        foreach (var inner in References(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var inner in References(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static byte[] WriteIndex(FrozenDictionary<string, CachedDocument> documents) => LegacyDiscoveryWriter.Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartObject("paths");
        foreach (var (path, document) in documents.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(path);
            var hash = Convert.ToHexString(SHA512.HashData(document.Body));
            json.WriteString("serverRelativeURL", $"/openapi/v3/{path}?hash={hash}");
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    });

    private static void WriteInfo(Utf8JsonWriter json)
    {
        json.WriteStartObject("info");
        json.WriteString("title", Title);
        json.WriteString("version", Version);
        json.WriteEndObject();
    }
}
