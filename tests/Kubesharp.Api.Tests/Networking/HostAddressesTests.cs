using System.Net;
using Kubesharp.Api.Networking;

namespace Kubesharp.Api.Tests.Networking;

public sealed class HostAddressesTests
{
    private static readonly HostInterface Lo = new("lo", Up: true, Loopback: true, [IPAddress.Loopback, IPAddress.IPv6Loopback]);

    [Fact]
    public void IPv4_MixedInterfaces_UpNonLoopbackIPv4InInterfaceOrder()
    {
        var interfaces = new[]
        {
            Lo,
            new HostInterface("eth1", Up: false, Loopback: false, [IPAddress.Parse("192.168.9.9")]),
            new HostInterface("eth0", Up: true, Loopback: false, [IPAddress.Parse("fe80::1"), IPAddress.Parse("10.0.0.4"), IPAddress.Parse("10.0.0.5")]),
            new HostInterface("dummy0", Up: true, Loopback: false, [IPAddress.Parse("127.0.0.2"), IPAddress.Parse("172.16.0.1")]),
            new HostInterface("eth0:alias", Up: true, Loopback: false, [IPAddress.Parse("10.0.0.4")]),
        };

        Assert.Equal(["10.0.0.4", "10.0.0.5", "172.16.0.1"], HostAddresses.IPv4(interfaces).Select(a => a.ToString()));
    }

    [Fact]
    public void IPv4_SkippedInterfaces_LeftOut()
    {
        var interfaces = new[]
        {
            new HostInterface("kubesharp0", Up: true, Loopback: false, [IPAddress.Parse("10.42.0.1")]),
            new HostInterface("veth1234", Up: true, Loopback: false, [IPAddress.Parse("169.254.0.3")]),
            new HostInterface("ks0", Up: true, Loopback: false, [IPAddress.Parse("10.99.0.1")]),
        };

        Assert.Equal([IPAddress.Parse("10.42.0.1"), IPAddress.Parse("169.254.0.3"), IPAddress.Parse("10.99.0.1")], HostAddresses.IPv4(interfaces));
        Assert.Equal([IPAddress.Parse("10.99.0.1")], HostAddresses.IPv4(interfaces, name => name == "kubesharp0" || name.StartsWith("veth", StringComparison.Ordinal)));
    }

    [Fact]
    public void IPv4_OnlyLoopbackAndIPv6_Empty()
    {
        Assert.Empty(HostAddresses.IPv4([Lo, new HostInterface("eth0", Up: true, Loopback: false, [IPAddress.Parse("fd00::4")])]));
    }

    [Fact]
    public void FirstIPv4_ThisHost_IsTheFirstOfItsListAndAnAddressOfAnUpInterface()
    {
        var all = HostAddresses.IPv4();
        var first = HostAddresses.FirstIPv4();

        Assert.Equal(all.Count == 0 ? null : all[0], first);
        if (first is not null)
        {
            Assert.Contains(HostAddresses.Interfaces(), i => i.Up && !i.Loopback && i.Addresses.Contains(first));
        }
    }
}
