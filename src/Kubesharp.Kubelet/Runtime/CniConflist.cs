using System.Text;
using System.Text.Json;

namespace Kubesharp.Kubelet.Runtime;

/// <summary>
/// Renders the node's CNI network list: bridge with host-local addresses, then portmap for hostPorts.
/// The loopback plugin is not listed: containerd's CRI plugin runs it itself for every sandbox.
/// </summary>
internal static class CniConflist
{
    /// <summary>The plugin binaries the rendered list needs (loopback: used by containerd).</summary>
    public static IReadOnlyList<string> RequiredPlugins { get; } = ["bridge", "host-local", "portmap", "loopback"];

    public static string Render(CniNetwork network)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("cniVersion", "1.0.0");
            json.WriteString("name", network.Name);
            json.WriteStartArray("plugins");

            json.WriteStartObject();
            json.WriteString("type", "bridge");
            json.WriteString("bridge", network.BridgeName);
            json.WriteBoolean("isGateway", true);
            json.WriteBoolean("ipMasq", network.MasqueradeOutgoing);
            // Lets a pod reach itself through a Service address that load-balances back to it.
            json.WriteBoolean("hairpinMode", true);
            json.WriteStartObject("ipam");
            json.WriteString("type", "host-local");
            json.WriteString("dataDir", network.IpamDataDirectory);
            json.WriteStartArray("ranges");
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("subnet", network.PodCidr);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("routes");
            json.WriteStartObject();
            json.WriteString("dst", "0.0.0.0/0");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject();
            json.WriteString("type", "portmap");
            json.WriteStartObject("capabilities");
            json.WriteBoolean("portMappings", true);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
