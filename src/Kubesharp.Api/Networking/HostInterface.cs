using System.Net;

namespace Kubesharp.Api.Networking;

/// <summary>What <see cref="HostAddresses"/> needs to know of one network interface of this host.</summary>
/// <param name="Name">The interface name (eth0, kubesharp0, veth…).</param>
/// <param name="Up">False when the interface is administratively or operationally down.</param>
/// <param name="Loopback">True for lo.</param>
/// <param name="Addresses">Its unicast addresses with their prefix lengths, in the kernel's order.</param>
public sealed record HostInterface(string Name, bool Up, bool Loopback, IReadOnlyList<InterfaceAddress> Addresses);
