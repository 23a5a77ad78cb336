namespace Kubesharp.Commands;

/// <summary>The flags of <c>kubesharp agent</c>, validated before anything starts.</summary>
/// <param name="Server">The API server URL (https).</param>
/// <param name="Token">The join token; null when neither --token nor $KUBESHARP_TOKEN gave one.</param>
/// <param name="DataDirectory">The node's own directory.</param>
/// <param name="Node">What the node runs as.</param>
/// <param name="ClusterCidr">The cluster's pod range.</param>
internal sealed record AgentSettings(string Server, string? Token, string DataDirectory, NodeSettings Node, string ClusterCidr)
{
    /// <summary>Throws <see cref="UserErrorException"/> naming the first bad flag; returns the server URL.</summary>
    public Uri Validate()
    {
        if (!Uri.TryCreate(Server, UriKind.Absolute, out var server) || server.Scheme != Uri.UriSchemeHttps || server.AbsolutePath is not ("/" or ""))
        {
            throw new UserErrorException($"--server '{Server}' is not an API server URL like https://10.0.0.1:6443");
        }

        if (Node.NodeIp is { } nodeIp && !ClusterNetwork.IsIPv4(nodeIp))
        {
            throw new UserErrorException($"--node-ip '{nodeIp}' is not an IPv4 address");
        }

        ClusterNetwork.Validate(ClusterCidr);
        return server;
    }
}
