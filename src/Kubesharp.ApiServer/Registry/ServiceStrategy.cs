using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>Services: upstream's SetDefaults_Service (type, session affinity, port protocol and targetPort, traffic policies).</summary>
internal sealed class ServiceStrategy : DefaultStrategy
{
    public ServiceStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: true)
    {
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
