using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Kubesharp.Kubelet.Node;

/// <summary>The node's InternalIP as upstream picks it without a cloud: the first usable IPv4 address.</summary>
internal static class NodeAddresses
{
    /// <summary>The first non-loopback IPv4 address of an interface that is up (CNI's bridge excluded), else 127.0.0.1.</summary>
    public static string InternalIp(string bridgeName)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus == OperationalStatus.Down || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback
                || nic.Name == bridgeName || nic.Name.StartsWith("veth", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var address in nic.GetIPProperties().UnicastAddresses)
            {
                if (address.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address.Address))
                {
                    return address.Address.ToString();
                }
            }
        }

        return IPAddress.Loopback.ToString();
    }
}
