using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>Services: upstream's SetDefaults_Service (type, session affinity, port protocol and targetPort, traffic policies).</summary>
internal sealed class ServiceStrategy : DefaultStrategy
{
    private static readonly Api.Catalog.ResourceType Services = Api.Catalog.BuiltInResources.Get("", "services");
    private readonly Services.ServiceAllocations? _allocations;

    /// <param name="allocations">ClusterIP/NodePort allocation; null leaves addresses as written (registry unit tests).</param>
    public ServiceStrategy(Services.ServiceAllocations? allocations = null)
        : base(hasStatusSubresource: true, returnDeletedObject: true)
    {
        _allocations = allocations;
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        Allocate(obj, null);
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        Allocate(obj, old["spec"] as JsonObject);
    }

    private void Allocate(JsonObject obj, JsonObject? oldSpec)
    {
        if (_allocations is null)
        {
            return;
        }

        var name = obj["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
        var key = $"{obj["metadata"]?["namespace"]?.GetValue<string>()}/{name}";
        var causes = _allocations.Allocate(key, Child(obj, "spec"), oldSpec);
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(Services, name, causes);
        }
    }

    protected override void ApplyDefaults(JsonObject obj)
    {
        var spec = Child(obj, "spec");

        spec["type"] ??= "ClusterIP";
        var type = spec["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        if (type != "ExternalName")
        {
            spec["internalTrafficPolicy"] ??= "Cluster";
        }

        if (type is "NodePort" or "LoadBalancer")
        {
            spec["externalTrafficPolicy"] ??= "Cluster";
        }

        if (spec["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
                // An unset targetPort (absent, 0 or "") means the port itself.
                if (IsUnset(port["targetPort"]))
                {
                    port["targetPort"] = port["port"]?.DeepClone();
                }
            }
        }
    }

    private static bool IsUnset(JsonNode? targetPort) =>
        targetPort is null
        || (targetPort is JsonValue value && (value.ToJsonString() is "0" or "\"\""));
}
