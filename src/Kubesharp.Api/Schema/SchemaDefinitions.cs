using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Schema;

/// <summary>
/// The OpenAPI v2 definitions of the built-in kinds (see Schema/README.md for where they come
/// from). Loaded once on first use; treat the returned nodes as read-only.
/// </summary>
public sealed class SchemaDefinitions
{
    private static readonly Lazy<SchemaDefinitions> Shared = new(Load);

    private readonly FrozenDictionary<(string ApiVersion, string Kind), string> _byKind;

    private SchemaDefinitions(FrozenDictionary<string, JsonObject> definitions)
    {
        Definitions = definitions;
        var byKind = new Dictionary<(string, string), string>();
        foreach (var (name, schema) in definitions)
        {
            if (schema["x-kubernetes-group-version-kind"] is JsonArray gvks)
            {
                foreach (var gvk in gvks.OfType<JsonObject>())
                {
                    var group = (string?)gvk["group"] ?? "";
                    var version = (string?)gvk["version"] ?? "";
                    byKind[(group.Length == 0 ? version : $"{group}/{version}", (string?)gvk["kind"] ?? "")] = name;
                }
            }
        }

        _byKind = byKind.ToFrozenDictionary();
    }

    /// <summary>The built-in definitions, shared by every caller.</summary>
    public static SchemaDefinitions BuiltIn => Shared.Value;

    /// <summary>These definitions plus <paramref name="extra"/> (custom resources'); this instance when there are none.</summary>
    public SchemaDefinitions With(IReadOnlyDictionary<string, JsonObject> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        if (extra.Count == 0)
        {
            return this;
        }

        var merged = new Dictionary<string, JsonObject>(Definitions, StringComparer.Ordinal);
        foreach (var (name, schema) in extra)
        {
            merged[name] = schema;
        }

        return new SchemaDefinitions(merged.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Definition name (e.g. io.k8s.api.core.v1.Pod) to its schema.</summary>
    public FrozenDictionary<string, JsonObject> Definitions { get; }

    /// <summary>The definition name of a top-level kind, e.g. ("apps/v1", "Deployment").</summary>
    public string? DefinitionOf(string apiVersion, string kind) => _byKind.GetValueOrDefault((apiVersion, kind));

    /// <summary>The schema a $ref such as "#/definitions/x" or "#/components/schemas/x" points to.</summary>
    public JsonObject? Resolve(string reference) =>
        Definitions.GetValueOrDefault(reference[(reference.LastIndexOf('/') + 1)..]);

    private static SchemaDefinitions Load()
    {
        using var stream = typeof(SchemaDefinitions).Assembly.GetManifestResourceStream("Kubesharp.Api.Schema.definitions.json")
            ?? throw new InvalidOperationException("the schema definitions resource is missing from Kubesharp.Api");
        var root = JsonNode.Parse(stream)!.AsObject();
        return new SchemaDefinitions(root.ToFrozenDictionary(p => p.Key, p => p.Value!.AsObject(), StringComparer.Ordinal));
    }
}
