namespace Kubesharp.Kubelet.Cri;

/// <summary>A pod port published on the node (hostPort), done by CNI's portmap plugin.</summary>
public sealed record PortMapping(int ContainerPort, int HostPort)
{
    /// <summary>TCP, UDP or SCTP.</summary>
    public string Protocol { get; init; } = "TCP";

    /// <summary>Node address to bind; all addresses when empty.</summary>
    public string HostIp { get; init; } = "";
}
