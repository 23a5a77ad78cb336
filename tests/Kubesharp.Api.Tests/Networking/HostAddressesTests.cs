using System.Net;
using Kubesharp.Api.Networking;

namespace Kubesharp.Api.Tests.Networking;

public sealed class HostAddressesTests
{
    private static readonly HostInterface Lo = Nic("lo", up: true, loopback: true, "127.0.0.1", "::1");

    [Fact]
    public void IPv4_MixedInterfaces_UpNonLoopbackIPv4InInterfaceOrder()
    {
        var interfaces = new[]
        {
            Lo,
            Nic("eth1", up: false, loopback: false, "192.168.9.9"),
            Nic("eth0", up: true, loopback: false, "fe80::1", "10.0.0.4", "10.0.0.5"),
            Nic("dummy0", up: true, loopback: false, "127.0.0.2", "172.16.0.1"),
            Nic("eth0:alias", up: true, loopback: false, "10.0.0.4"),
        };

        Assert.Equal(["10.0.0.4", "10.0.0.5", "172.16.0.1"], HostAddresses.IPv4(interfaces).Select(a => a.ToString()));
    }

    [Fact]
    public void IPv4_SkippedInterfaces_LeftOut()
    {
        var interfaces = new[]
        {
            Nic("kubesharp0", up: true, loopback: false, "10.42.0.1"),
            Nic("veth1234", up: true, loopback: false, "169.254.0.3"),
            Nic("ks0", up: true, loopback: false, "10.99.0.1"),
        };

        Assert.Equal([IPAddress.Parse("10.42.0.1"), IPAddress.Parse("169.254.0.3"), IPAddress.Parse("10.99.0.1")], HostAddresses.IPv4(interfaces));
        Assert.Equal([IPAddress.Parse("10.99.0.1")], HostAddresses.IPv4(interfaces, name => name == "kubesharp0" || name.StartsWith("veth", StringComparison.Ordinal)));
    }

    [Fact]
    public void IPv4_OnlyLoopbackAndIPv6_Empty()
    {
        Assert.Empty(HostAddresses.IPv4([Lo, Nic("eth0", up: true, loopback: false, "fd00::4")]));
    }

    [Fact]
    public void IPv4Subnets_PrefixLengthsKept()
    {
        var eth0 = new HostInterface("eth0", Up: true, Loopback: false, [new InterfaceAddress(IPAddress.Parse("10.99.0.1"), 24), new InterfaceAddress(IPAddress.Parse("fd00::1"), 64)]);

        Assert.Equal([new InterfaceAddress(IPAddress.Parse("10.99.0.1"), 24)], HostAddresses.IPv4Subnets([Lo, eth0]));
    }

    [Fact]
    public void FirstIPv4_ThisHost_IsTheFirstOfItsListAndAnAddressOfAnUpInterface()
    {
        var all = HostAddresses.IPv4();
        var first = HostAddresses.FirstIPv4();

        Assert.Equal(all.Count == 0 ? null : all[0], first);
        if (first is not null)
        {
            Assert.Contains(HostAddresses.Interfaces(), i => i.Up && !i.Loopback && i.Addresses.Any(a => a.Address.Equals(first)));
        }
    }

    /// <summary>An interface whose addresses are all /24 (the prefix does not matter to the address rule).</summary>
    private static HostInterface Nic(string name, bool up, bool loopback, params string[] addresses) =>
        new(name, up, loopback, addresses.Select(a => new InterfaceAddress(IPAddress.Parse(a), 24)).ToList());
}
