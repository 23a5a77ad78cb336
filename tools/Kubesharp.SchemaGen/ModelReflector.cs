using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using Kubesharp.Api.Catalog;

namespace Kubesharp.SchemaGen;

/// <summary>Turns the KubernetesClient model classes into upstream-named OpenAPI v2 definitions.</summary>
internal sealed class ModelReflector
{
    private const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1";

    // metav1 types: their CLR names carry no group, and they are reached first from core kinds.
    private static readonly HashSet<string> MetaTypes =
    [
        "V1ObjectMeta", "V1ListMeta", "V1LabelSelector", "V1LabelSelectorRequirement", "V1OwnerReference",
        "V1ManagedFieldsEntry", "V1Status", "V1StatusDetails", "V1StatusCause", "V1DeleteOptions", "V1Preconditions",
        "V1Condition", "V1WatchEvent", "V1APIResource", "V1APIResourceList", "V1APIGroup", "V1APIGroupList",
        "V1APIVersions", "V1GroupVersionForDiscovery", "V1ServerAddressByClientCIDR",
    ];

    // Core types that only non-core kinds reference, so reachability alone would misfile them.
    private static readonly Dictionary<string, string> GroupOverrides = new()
    {
        ["V1TopologySelectorTerm"] = "",
        ["V1TopologySelectorLabelRequirement"] = "",
    };

    // Go metav1.MicroTime fields; every other timestamp is metav1.Time.
    private static readonly HashSet<string> MicroTimeFields =
    [
        "V1LeaseSpec.AcquireTime", "V1LeaseSpec.RenewTime", "Eventsv1Event.EventTime", "Corev1Event.EventTime",
    ];

    private readonly XmlDocs _docs;
    private readonly Dictionary<Type, string> _names = [];
    private readonly SortedDictionary<string, JsonObject> _definitions = new(StringComparer.Ordinal);

    public ModelReflector(XmlDocs docs) => _docs = docs;

    public SortedDictionary<string, JsonObject> Build()
    {
        var served = BuiltInResources.All.Select(r => (r.Group, r.Version)).ToHashSet();
        served.Add(("authentication.k8s.io", "v1")); // TokenRequest, the body of serviceaccounts/token
        var groupOrder = BuiltInResources.All.Select(r => r.Group).Append("authentication.k8s.io").Distinct().ToList();
        var entities = typeof(V1Pod).Assembly.GetTypes()
            .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(e => e.Entity is not null && e.Type.Namespace == "k8s.Models" && served.Contains((e.Entity.Group ?? "", e.Entity.ApiVersion)))
            .OrderBy(e => groupOrder.IndexOf(e.Entity!.Group ?? ""))
            .ThenBy(e => e.Type.Name, StringComparer.Ordinal)
            .ToList();

        // Name every type first (breadth-first from each group's kinds) so that a type shared by
        // several groups is filed under the first, core, like upstream's packages.
        foreach (var group in groupOrder)
        {
            var queue = new Queue<Type>(entities.Where(e => (e.Entity!.Group ?? "") == group).Select(e => e.Type));
            queue.Enqueue(typeof(V1Status));
            queue.Enqueue(typeof(V1DeleteOptions));
            while (queue.TryDequeue(out var type))
            {
                if (_names.ContainsKey(type))
                {
                    continue;
                }

                _names[type] = DefinitionName(type, group);
                foreach (var property in Properties(type))
                {
                    if (ModelOf(property.PropertyType) is { } model)
                    {
                        queue.Enqueue(model);
                    }
                }
            }
        }

        foreach (var (type, name) in _names)
        {
            var entity = type.GetCustomAttribute<KubernetesEntityAttribute>();
            _definitions[name] = Describe(type, entity);
        }

        AddPrimitiveDefinitions();
        return _definitions;
    }

    private JsonObject Describe(Type type, KubernetesEntityAttribute? entity)
    {
        var schema = new JsonObject();
        if (_docs.Type(type) is { } description)
        {
            schema["description"] = description;
        }

        var required = RequiredProperties(type);
        var properties = new JsonObject();
        foreach (var property in Properties(type).OrderBy(p => JsonName(p), StringComparer.Ordinal))
        {
            var jsonName = JsonName(property);
            var field = PropertySchema(type, property);
            if (_docs.Property(type, property.Name) is { } text)
            {
                field["description"] = text;
            }

            ListExtensions.Apply(_names[type], jsonName, field);
            properties[jsonName] = field;
        }

        if (required.Count > 0)
        {
            schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        schema["properties"] = properties;
        schema["type"] = "object";
        if (entity is not null && !string.IsNullOrEmpty(entity.Kind))
        {
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
            {
                ["group"] = entity.Group ?? "",
                ["kind"] = entity.Kind,
                ["version"] = entity.ApiVersion,
            });
        }

        return schema;
    }

    private JsonObject PropertySchema(Type owner, PropertyInfo property)
    {
        if (property.PropertyType == typeof(DateTime) || property.PropertyType == typeof(DateTime?))
        {
            var micro = MicroTimeFields.Contains($"{owner.Name}.{property.Name}");
            return Ref(micro ? $"{Meta}.MicroTime" : $"{Meta}.Time");
        }

        return TypeSchema(property.PropertyType);
    }

    private JsonObject TypeSchema(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["format"] = "byte", ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int))
        {
            return new JsonObject { ["format"] = "int32", ["type"] = "integer" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["format"] = "int64", ["type"] = "integer" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["format"] = "double", ["type"] = "number" };
        }

        if (type == typeof(DateTime))
        {
            return Ref($"{Meta}.Time");
        }

        if (type == typeof(IntOrString))
        {
            return Ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        }

        if (type == typeof(ResourceQuantity))
        {
            return Ref("io.k8s.apimachinery.pkg.api.resource.Quantity");
        }

        if (type == typeof(object))
        {
            // RawExtension / apiextensions JSON: any value, so no type constraint.
            return [];
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is { } generic)
        {
            var args = type.GetGenericArguments();
            if (generic == typeof(IDictionary<,>) || generic == typeof(Dictionary<,>))
            {
                return new JsonObject { ["additionalProperties"] = TypeSchema(args[1]), ["type"] = "object" };
            }

            if (generic == typeof(IList<>) || generic == typeof(List<>) || generic == typeof(IEnumerable<>))
            {
                return new JsonObject { ["items"] = TypeSchema(args[0]), ["type"] = "array" };
            }
        }

        if (_names.TryGetValue(type, out var name))
        {
            return Ref(name);
        }

        throw new InvalidOperationException($"no OpenAPI mapping for {type}");
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/definitions/{name}" };

    private void AddPrimitiveDefinitions()
    {
        _definitions[$"{Meta}.Time"] = new JsonObject
        {
            ["description"] = "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. Wrappers are provided for many of the factory methods that the time package offers.",
            ["format"] = "date-time",
            ["type"] = "string",
        };
        _definitions[$"{Meta}.MicroTime"] = new JsonObject
        {
            ["description"] = "MicroTime is version of Time with microsecond level precision.",
            ["format"] = "date-time",
            ["type"] = "string",
        };
        _definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = new JsonObject
        {
            ["description"] = "IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type. This allows you to have, for example, a JSON field that can accept a name or number.",
            ["format"] = "int-or-string",
            ["type"] = "string",
        };
        _definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = new JsonObject
        {
            ["description"] = _docs.Type(typeof(ResourceQuantity)) ?? "Quantity is a fixed-point representation of a number.",
            ["type"] = "string",
        };
    }

    private static Type? ModelOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType)
        {
            return type.GetGenericArguments().Select(ModelOf).LastOrDefault(t => t is not null);
        }

        return type.Namespace == "k8s.Models" && type.IsClass && type != typeof(ResourceQuantity) && type != typeof(IntOrString) ? type : null;
    }

    // Fields typed by alpha/beta models exist only behind feature gates Kubesharp does not serve.
    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .Where(p => ModelOf(p.PropertyType) is not { } model || !IsPrerelease(model));

    private static bool IsPrerelease(Type model) =>
        System.Text.RegularExpressions.Regex.IsMatch(model.Name, "^(V|[A-Z][a-z]+v)[0-9]+(alpha|beta)[0-9]+");

    private static string JsonName(PropertyInfo property) => property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;

    // The client models no longer carry upstream's "required" lists, so the ones users hit most
    // (and kubectl explain marks -required-) are listed here from upstream's openapi-spec.
    private static readonly Dictionary<string, string[]> Required = new()
    {
        ["V1Container"] = ["name"],
        ["V1EphemeralContainer"] = ["name"],
        ["V1PodSpec"] = ["containers"],
        ["V1ContainerPort"] = ["containerPort"],
        ["V1EnvVar"] = ["name"],
        ["V1Volume"] = ["name"],
        ["V1VolumeMount"] = ["name", "mountPath"],
        ["V1KeyToPath"] = ["key", "path"],
        ["V1ServicePort"] = ["port"],
        ["V1DeploymentSpec"] = ["selector", "template"],
        ["V1ReplicaSetSpec"] = ["selector"],
        ["V1StatefulSetSpec"] = ["selector", "template"],
        ["V1DaemonSetSpec"] = ["selector", "template"],
        ["V1JobSpec"] = ["template"],
        ["V1CronJobSpec"] = ["schedule", "jobTemplate"],
        ["V1LabelSelectorRequirement"] = ["key", "operator"],
        ["V1OwnerReference"] = ["apiVersion", "kind", "name", "uid"],
        ["V1PolicyRule"] = ["verbs"],
        ["V1RoleRef"] = ["apiGroup", "kind", "name"],
        ["Rbacv1Subject"] = ["kind", "name"],
        ["V1StorageClass"] = ["provisioner"],
        ["V1CustomResourceDefinitionSpec"] = ["group", "names", "scope", "versions"],
        ["V1CustomResourceDefinitionNames"] = ["plural", "kind"],
        ["V1CustomResourceDefinitionVersion"] = ["name", "served", "storage"],
        ["V1Condition"] = ["type", "status", "lastTransitionTime", "reason", "message"],
    };

    private static List<string> RequiredProperties(Type type) =>
        Required.TryGetValue(type.Name, out var names) ? [.. names] : [];

    private static string DefinitionName(Type type, string reachedFrom)
    {
        var clr = type.Name;
        if (MetaTypes.Contains(clr))
        {
            return $"{Meta}.{clr[2..]}";
        }

        // Names upstream has in two groups carry the group: Corev1Event, Discoveryv1EndpointPort.
        var prefixed = System.Text.RegularExpressions.Regex.Match(clr, "^([A-Z][a-z]+)(v[0-9]+(?:alpha[0-9]+|beta[0-9]+)?)([A-Z].*)$");
        if (prefixed.Success)
        {
            var group = prefixed.Groups[1].Value.ToLowerInvariant();
            return $"{Package(group == "core" ? "" : group)}.{prefixed.Groups[2].Value}.{prefixed.Groups[3].Value}";
        }

        var versioned = System.Text.RegularExpressions.Regex.Match(clr, "^V([0-9]+(?:alpha[0-9]+|beta[0-9]+)?)([A-Z].*)$");
        if (!versioned.Success)
        {
            throw new InvalidOperationException($"unexpected model name {clr}");
        }

        var owner = GroupOverrides.TryGetValue(clr, out var overridden) ? overridden : reachedFrom;
        return $"{Package(owner)}.v{versioned.Groups[1].Value}.{versioned.Groups[2].Value}";
    }

    private static string Package(string group) => group switch
    {
        "" => "io.k8s.api.core",
        "apiextensions" or "apiextensions.k8s.io" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        "rbac.authorization.k8s.io" => "io.k8s.api.rbac",
        _ => $"io.k8s.api.{group.Split('.')[0]}",
    };
}
