using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Kubesharp.Api.Networking;

/// <summary>
/// This host's IPv4 addresses as a node or an API server advertises them without a cloud: those of
/// interfaces that are up, loopback interfaces and loopback addresses left out, in interface order
/// (upstream's kubelet and API server pick the first the same way). Shared by the API server's
/// <c>default/kubernetes</c> endpoint, the kubelet's InternalIP and the proxy's NodePort addresses.
/// </summary>
public static class HostAddresses
{
    /// <summary>Every such address of this host; interfaces named as <paramref name="skipInterface"/> says are left out.</summary>
    public static IReadOnlyList<IPAddress> IPv4(Func<string, bool>? skipInterface = null) => IPv4(Interfaces(), skipInterface);

    /// <summary>Every such address of this host with its prefix length (the subnets the host is on).</summary>
    public static IReadOnlyList<InterfaceAddress> IPv4Subnets() => IPv4Subnets(Interfaces());

    /// <summary>The first such address of this host, or null when it has none.</summary>
    public static IPAddress? FirstIPv4(Func<string, bool>? skipInterface = null) => IPv4(skipInterface) is [var first, ..] ? first : null;

    /// <summary>The rule itself, over interfaces given (for tests and for callers that already listed them).</summary>
    public static IReadOnlyList<IPAddress> IPv4(IEnumerable<HostInterface> interfaces, Func<string, bool>? skipInterface = null) =>
        IPv4Subnets(interfaces, skipInterface).Select(a => a.Address).Distinct().ToList();

    /// <summary>The rule with prefix lengths kept, over interfaces given.</summary>
    public static IReadOnlyList<InterfaceAddress> IPv4Subnets(IEnumerable<HostInterface> interfaces, Func<string, bool>? skipInterface = null)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        return interfaces
            .Where(i => i.Up && !i.Loopback && skipInterface?.Invoke(i.Name) != true)
            .SelectMany(i => i.Addresses)
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address))
            .ToList();
    }

    /// <summary>This host's interfaces now.</summary>
    public static IReadOnlyList<HostInterface> Interfaces() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Select(i => new HostInterface(
                i.Name,
                i.OperationalStatus != OperationalStatus.Down,
                i.NetworkInterfaceType == NetworkInterfaceType.Loopback,
                i.GetIPProperties().UnicastAddresses.Select(a => new InterfaceAddress(a.Address, a.PrefixLength)).ToList()))
            .ToList();
}
