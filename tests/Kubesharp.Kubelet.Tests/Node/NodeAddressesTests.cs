using System.Net;
using System.Net.Sockets;
using Kubesharp.Api.Networking;
using Kubesharp.Kubelet.Node;

namespace Kubesharp.Kubelet.Tests.Node;

public sealed class NodeAddressesTests
{
    [Theory]
    [InlineData("kubesharp0", true)]
    [InlineData("veth0a1b2c", true)]
    [InlineData("eth0", false)]
    [InlineData("ks0", false)]
    public void IsPodInterface_BridgeAndVeths_AreThePodNetworks(string name, bool expected) =>
        Assert.Equal(expected, NodeAddresses.IsPodInterface(name, "kubesharp0"));

    [Fact]
    public void InternalIp_ThisHost_FirstHostAddressOffThePodNetworkElseLoopback()
    {
        var ip = IPAddress.Parse(NodeAddresses.InternalIp("kubesharp0"));

        Assert.Equal(AddressFamily.InterNetwork, ip.AddressFamily);
        var offPodNetwork = HostAddresses.IPv4(HostAddresses.Interfaces().Where(i => !NodeAddresses.IsPodInterface(i.Name, "kubesharp0")));
        var expected = offPodNetwork.Count > 0 ? offPodNetwork[0] : IPAddress.Loopback;
        Assert.Equal(expected, ip);
    }
}
