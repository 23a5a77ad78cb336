using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Node;

/// <summary>
/// Which routes make other nodes' pods reachable, flannel host-gw style: each other node's
/// podCIDR via that node's InternalIP, for nodes on a link this node shares (a next hop on a
/// connected subnet). Nodes further away, or without a range or address, get no route. Pure.
/// </summary>
internal static class PodRoutePlan
{
    /// <param name="nodes">The cluster's Node objects.</param>
    /// <param name="self">This node's name (its own range stays on its bridge).</param>
    /// <param name="onLink">True when an address lies in a subnet of one of this node's interfaces.</param>
    /// <param name="keepOff">Ranges never routed elsewhere: this node's own podCIDR and connected subnets (a route would replace theirs).</param>
    /// <returns>podCIDR (canonical text) → next hop.</returns>
    public static IReadOnlyDictionary<string, string> Desired(IEnumerable<JsonObject> nodes, string self, Func<IPAddress, bool> onLink, IReadOnlyList<IPNetwork> keepOff)
    {
        var routes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node["metadata"]?["name"]?.GetValue<string>() is not { } name || name == self
                || !IPNetwork.TryParse(node["spec"]?["podCIDR"]?.GetValue<string>(), out var cidr) || cidr.BaseAddress.AddressFamily != AddressFamily.InterNetwork
                || keepOff.Any(k => Overlaps(k, cidr)) || InternalIp(node) is not { } hop || !onLink(hop))
            {
                continue;
            }

            routes[cidr.ToString()] = hop.ToString();
        }

        return routes;
    }

    /// <summary>True when <paramref name="address"/> is in the subnet of an IPv4 address of <paramref name="local"/> (not the address itself).</summary>
    public static bool OnLink(IPAddress address, IEnumerable<(IPAddress Address, int PrefixLength)> local) =>
        local.Any(l => l.Address.AddressFamily == AddressFamily.InterNetwork && !l.Address.Equals(address) && !IPAddress.IsLoopback(l.Address)
            && Subnet(l.Address, l.PrefixLength).Contains(address));

    public static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    /// <summary>The subnet an interface address with <paramref name="prefixLength"/> lies in.</summary>
    public static IPNetwork Subnet(IPAddress address, int prefixLength) => new(Masked(address, prefixLength), prefixLength);

    private static IPAddress? InternalIp(JsonObject node)
    {
        foreach (var entry in node["status"]?["addresses"] as JsonArray ?? [])
        {
            if (entry?["type"]?.GetValue<string>() == "InternalIP" && IPAddress.TryParse(entry["address"]?.GetValue<string>(), out var ip)
                && ip.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(ip))
            {
                return ip;
            }
        }

        return null;
    }

    private static IPAddress Masked(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
