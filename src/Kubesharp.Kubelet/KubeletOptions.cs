using System.Net;

namespace Kubesharp.Kubelet;

/// <summary>How one node's kubelet runs. Validated once at start (<see cref="Validate"/>).</summary>
/// <param name="NodeName">The Node object's name (upstream: the hostname, lower-cased).</param>
/// <param name="DataDirectory">The kubelet's own directory: containerd, CNI, pod logs and volumes live under it.</param>
public sealed record KubeletOptions(string NodeName, string DataDirectory)
{
    /// <summary>The CRI socket of a containerd already running (<c>--container-runtime-endpoint</c>); null starts a private one.</summary>
    public string? ContainerRuntimeEndpoint { get; init; }

    /// <summary>The pod range used when node.spec.podCIDR is empty (no node IPAM controller ran).</summary>
    public string PodCidr { get; init; } = "10.42.0.0/24";

    /// <summary>
    /// How long a node without spec.podCIDR waits for the controller manager's node IPAM to assign
    /// one before it falls back to <see cref="PodCidr"/>. Zero: no controller manager assigns ranges,
    /// so the kubelet registers the node with <see cref="PodCidr"/> itself (upstream's standalone --pod-cidr).
    /// </summary>
    public TimeSpan PodCidrWait { get; init; }

    /// <summary>
    /// Route other nodes' podCIDRs via their InternalIPs when they share a link with this node
    /// (flannel's host-gw backend), so pods reach pods on other nodes without an overlay.
    /// </summary>
    public bool RoutePodNetworks { get; init; }

    /// <summary>The node's InternalIP (upstream's --node-ip); null picks the first non-loopback IPv4 address.</summary>
    public string? NodeIp { get; init; }

    /// <summary>Port of the kubelet's HTTPS server, published in status.daemonEndpoints.</summary>
    public int KubeletPort { get; init; } = 10250;

    /// <summary>
    /// PEM file of the cluster CA: the kubelet's HTTPS server (logs, exec, port-forward, stats) admits
    /// only the API server's client certificate signed by it. Null: no server is started.
    /// </summary>
    public string? ClientCaFile { get; init; }

    /// <summary>
    /// Upstream behaviour for <c>imagePullPolicy: Always</c>: a failed pull fails the container even
    /// when the image is on the node. Off by default so an offline node runs its local images.
    /// </summary>
    public bool StrictImagePull { get; init; }

    /// <summary>How long one image pull may take before it counts as a registry that cannot be reached.</summary>
    public TimeSpan ImagePullTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public string ClusterDns { get; init; } = "10.43.0.10";

    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>Archives (OCI or docker-archive tars) imported at start, as k3s's air-gap images folder; null: none.</summary>
    public string? ImagesDirectory { get; init; }

    /// <summary>Build and import the node's own busybox, httpd and pause images at start.</summary>
    public bool ImportLocalImages { get; init; } = true;

    /// <summary>Lease renewal period (upstream: 10 s).</summary>
    public TimeSpan LeaseInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Node status is written at least this often (upstream nodeStatusReportFrequency: 5 min; we use 1 min).</summary>
    public TimeSpan StatusReportInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The node-wide runtime relist runs this often (exited containers wake their pod's worker), and
    /// pods with steps ahead (waiting containers, back-offs, init containers) are synced at least this often.
    /// </summary>
    public TimeSpan PodResyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Pods whose containers all run are synced at least this often (upstream syncFrequency: 1 min); runtime, pod and probe changes wake them sooner.</summary>
    public TimeSpan SettledPodResyncInterval { get; init; } = TimeSpan.FromSeconds(10);

    public string KubeletVersion { get; init; } = "v1.32.0-kubesharp";

    /// <summary>Maximum pods on the node (capacity "pods").</summary>
    public int MaxPods { get; init; } = 110;

    /// <summary>
    /// The cluster's pod range (all nodes' podCIDRs): pod traffic is masqueraded only when it
    /// leaves it, so pods on other nodes see pod addresses. Null: the bridge masquerades all
    /// traffic leaving this node's range.
    /// </summary>
    public string? ClusterCidr { get; init; }

    /// <summary>Where the cgroup hierarchy is mounted; checked at start for the cpu and memory controllers containers need.</summary>
    public string CgroupRoot { get; init; } = "/sys/fs/cgroup";

    /// <summary>The node's InternalIP: <see cref="NodeIp"/>, else the first non-loopback IPv4 address of an interface that is up.</summary>
    internal string InternalIp => NodeIp ?? Node.NodeAddresses.InternalIp("kubesharp0");

    /// <summary>The cluster DNS address, as an <see cref="IPAddress"/> (valid after <see cref="Validate"/>).</summary>
    internal IPAddress ClusterDnsAddress => IPAddress.Parse(ClusterDns);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeName) || NodeName.Length > 253 || NodeName.Any(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"kubelet: node name '{NodeName}' must be a lower-case DNS name of at most 253 characters");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory) || !Path.IsPathFullyQualified(DataDirectory))
        {
            throw new ArgumentException($"kubelet: data directory must be an absolute path, got '{DataDirectory}'");
        }

        if (!IPNetwork.TryParse(PodCidr, out _))
        {
            throw new ArgumentException($"kubelet: pod CIDR '{PodCidr}' is not an address range like 10.42.0.0/24");
        }

        if (PodCidrWait < TimeSpan.Zero)
        {
            throw new ArgumentException("kubelet: the podCIDR wait must not be negative");
        }

        if (NodeIp is not null && (!IPAddress.TryParse(NodeIp, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork))
        {
            throw new ArgumentException($"kubelet: node IP '{NodeIp}' is not an IPv4 address");
        }

        if (KubeletPort is <= 0 or > 65535)
        {
            throw new ArgumentException($"kubelet: port {KubeletPort} is out of range");
        }

        if (!IPAddress.TryParse(ClusterDns, out _))
        {
            throw new ArgumentException($"kubelet: cluster DNS '{ClusterDns}' is not an IP address");
        }

        if (LeaseInterval <= TimeSpan.Zero || StatusReportInterval <= TimeSpan.Zero || PodResyncInterval <= TimeSpan.Zero || SettledPodResyncInterval <= TimeSpan.Zero || ImagePullTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("kubelet: intervals and timeouts must be positive");
        }

        if (MaxPods <= 0)
        {
            throw new ArgumentException("kubelet: max pods must be positive");
        }
    }
}
