namespace Kubesharp.Commands;

/// <summary>The flags of <c>kubesharp server</c>, validated before anything starts.</summary>
internal sealed record ServerSettings(string DataDirectory, string? DatastoreEndpoint, string BindAddress, int Port, IReadOnlyList<string> Disabled)
{
    /// <summary>What the local kubelet runs as.</summary>
    public NodeSettings Node { get; init; } = NodeSettings.Default;

    /// <summary>The kubernetes Service's endpoint address; null picks one from the bind address.</summary>
    public string? AdvertiseAddress { get; init; }

    /// <summary>The pod address range of the cluster (<c>--cluster-cidr</c>); each node gets a /24 of it.</summary>
    public string ClusterCidr { get; init; } = ClusterNetwork.DefaultClusterCidr;

    /// <summary>Accepts both <c>--disable a --disable b</c> and <c>--disable a,b</c>.</summary>
    public static IReadOnlyList<string> SplitNames(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    public void Validate()
    {
        if (Port is < 1 or > 65535)
        {
            throw new UserErrorException($"--port {Port} is not a TCP port; use a number from 1 to 65535");
        }

        if (!System.Net.IPAddress.TryParse(BindAddress, out _))
        {
            throw new UserErrorException($"--bind-address '{BindAddress}' is not an IP address; use e.g. 127.0.0.1 or 0.0.0.0");
        }

        if (AdvertiseAddress is not null && !System.Net.IPAddress.TryParse(AdvertiseAddress, out _))
        {
            throw new UserErrorException($"--advertise-address '{AdvertiseAddress}' is not an IP address; use the node's address, e.g. 192.168.1.10");
        }

        ClusterNetwork.Validate(ClusterCidr);
        if (Node.NodeIp is { } nodeIp && !ClusterNetwork.IsIPv4(nodeIp))
        {
            throw new UserErrorException($"--node-ip '{nodeIp}' is not an IPv4 address");
        }

        var known = Components.ServerComponents.Names;
        foreach (var name in Disabled.Where(n => !known.Contains(n)))
        {
            throw new UserErrorException($"--disable {name}: no such component; choose from: {(known.Count == 0 ? "(none yet)" : string.Join(", ", known))}");
        }
    }
}
