using Kubesharp.Testing.Processes;

namespace Kubesharp.Testing.Sandbox;

/// <summary>
/// Network set-up inside a test's own namespace (never the host's): a veth pair whose one end
/// stands in for a node's NIC (this kernel has no dummy links), so the node gets a real
/// InternalIP instead of 127.0.0.1, which pods could not be sent to.
/// </summary>
public static class SandboxLink
{
    /// <summary>Creates <paramref name="name"/> (+ its peer <paramref name="name"/>p), up, with <paramref name="cidr"/> on it.</summary>
    public static async Task AddNodeNicAsync(string name, string cidr)
    {
        if (!NetworkSandbox.IsInside)
        {
            throw new InvalidOperationException("network set-up is only done inside a test's own namespace");
        }

        await IpAsync($"link add {name} type veth peer name {name}p");
        await IpAsync($"link set {name}p up");
        await IpAsync($"link set {name} up");
        await IpAsync($"addr add {cidr} dev {name}");
    }

    private static Task<string> IpAsync(string arguments) => ProcessRun.SucceedAsync("ip", arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), TimeSpan.FromSeconds(30));
}
