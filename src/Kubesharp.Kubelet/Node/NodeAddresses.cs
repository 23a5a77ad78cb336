using System.Net;
using Kubesharp.Api.Networking;

namespace Kubesharp.Kubelet.Node;

/// <summary>The node's InternalIP as upstream picks it without a cloud: the first usable IPv4 address.</summary>
internal static class NodeAddresses
{
    /// <summary>The first non-loopback IPv4 address of an interface that is up (CNI's bridge and pod veths excluded), else 127.0.0.1.</summary>
    public static string InternalIp(string bridgeName) =>
        (HostAddresses.FirstIPv4(name => IsPodInterface(name, bridgeName)) ?? IPAddress.Loopback).ToString();

    /// <summary>The pod network's own interfaces: their addresses are not the node's.</summary>
    internal static bool IsPodInterface(string name, string bridgeName) => name == bridgeName || name.StartsWith("veth", StringComparison.Ordinal);
}
