using System.Net;
using System.Net.Sockets;

namespace Kubesharp.Commands;

/// <summary>The pod address plan shared by <c>server</c> and <c>agent</c>: a cluster CIDR cut into one /24 per node.</summary>
internal static class ClusterNetwork
{
    public const string DefaultClusterCidr = "10.42.0.0/16";

    /// <summary>Prefix length of every node's podCIDR (upstream's --node-cidr-mask-size default for IPv4).</summary>
    public const int NodeMaskSize = 24;

    /// <summary>Throws <see cref="UserErrorException"/> unless <paramref name="cidr"/> is an IPv4 range that holds at least one node range.</summary>
    public static void Validate(string cidr)
    {
        if (!IPNetwork.TryParse(cidr, out var network) || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new UserErrorException($"--cluster-cidr '{cidr}' is not an IPv4 range like {DefaultClusterCidr}");
        }

        if (network.PrefixLength > NodeMaskSize || NodeMaskSize - network.PrefixLength > 16)
        {
            throw new UserErrorException($"--cluster-cidr '{cidr}' must be a /8 to /{NodeMaskSize}: each node gets a /{NodeMaskSize} of it");
        }
    }

    /// <summary>The first node range of <paramref name="clusterCidr"/> (the local node's, when it is the first).</summary>
    public static string FirstNodeRange(string clusterCidr) => $"{IPNetwork.Parse(clusterCidr).BaseAddress}/{NodeMaskSize}";

    public static bool IsIPv4(string text) => IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork;
}
