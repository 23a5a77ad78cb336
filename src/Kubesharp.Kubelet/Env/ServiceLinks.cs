using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Env;

/// <summary>The Docker-links variables upstream's kubelet derives from Services (envvars.FromServices).</summary>
internal static class ServiceLinks
{
    /// <summary>Variables for <paramref name="services"/> in the given order; headless, ExternalName and port-less Services give none.</summary>
    public static List<KeyValuePair<string, string>> For(IEnumerable<JsonObject> services)
    {
        var vars = new List<KeyValuePair<string, string>>();
        foreach (var service in services)
        {
            var ip = PodJson.Str(service, "spec", "clusterIP");
            var ports = PodJson.Objects(service, "spec", "ports").ToList();
            if (ip is null or "" or "None" || ports.Count == 0)
            {
                continue;
            }

            var prefix = VariableName(PodJson.Str(service, "metadata", "name") ?? "");
            var first = Port(ports[0]);
            vars.Add(new(prefix + "_SERVICE_HOST", ip));
            vars.Add(new(prefix + "_SERVICE_PORT", first));
            foreach (var port in ports)
            {
                if (PodJson.Str(port, "name") is { Length: > 0 } name)
                {
                    vars.Add(new(prefix + "_SERVICE_PORT_" + VariableName(name), Port(port)));
                }
            }

            for (var i = 0; i < ports.Count; i++)
            {
                var number = Port(ports[i]);
                var protocol = PodJson.Str(ports[i], "protocol") is { Length: > 0 } p ? p : "TCP";
                var lower = protocol.ToLowerInvariant();
                var address = $"{lower}://{HostPort(ip, number)}";
                if (i == 0)
                {
                    vars.Add(new(prefix + "_PORT", address));
                }

                var portPrefix = $"{prefix}_PORT_{number}_{protocol.ToUpperInvariant()}";
                vars.Add(new(portPrefix, address));
                vars.Add(new(portPrefix + "_PROTO", lower));
                vars.Add(new(portPrefix + "_PORT", number));
                vars.Add(new(portPrefix + "_ADDR", ip));
            }
        }

        return vars;
    }

    private static string VariableName(string name) => name.Replace('-', '_').ToUpperInvariant();

    private static string Port(JsonObject port) => (PodJson.Int(port, "port") ?? 0).ToString(CultureInfo.InvariantCulture);

    // Go's net.JoinHostPort: IPv6 addresses in brackets.
    private static string HostPort(string ip, string port) => ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port}" : $"{ip}:{port}";
}
