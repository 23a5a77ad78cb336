using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Probes;

/// <summary>
/// Where a probe or hook of one running container goes: the CRI container (exec), the pod's address
/// (httpGet/tcpSocket/grpc without an explicit host) and the container's named ports.
/// A new container instance (restart) is a new target.
/// </summary>
public sealed record ProbeTarget(string ContainerId, string PodIp)
{
    /// <summary>Named container ports (<c>spec.containers[].ports[].name</c> → containerPort).</summary>
    public IReadOnlyDictionary<string, int> NamedPorts { get; init; } = new Dictionary<string, int>();

    /// <summary>A target for <paramref name="containerSpec"/> (a <c>spec.containers[]</c> item), its named ports filled in.</summary>
    public static ProbeTarget For(string containerId, string podIp, JsonObject containerSpec)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        if (containerSpec["ports"] is JsonArray items)
        {
            foreach (var item in items)
            {
                if (item?["name"]?.GetValue<string>() is { Length: > 0 } name
                    && item["containerPort"] is JsonValue port && port.TryGetValue(out int number))
                {
                    ports.TryAdd(name, number);
                }
            }
        }

        return new ProbeTarget(containerId, podIp) { NamedPorts = ports };
    }
}
