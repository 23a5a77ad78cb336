using System.Net;

namespace Kubesharp.Kubelet.Runtime;

/// <summary>How the node gets its containerd: an existing socket, or a child process it supervises.</summary>
public sealed record ContainerdOptions
{
    /// <summary>The node's data directory; containerd's root, state, socket and CNI config go under <c>containerd/</c> and <c>cni/</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>A CRI socket of a containerd already running (<c>--container-runtime-endpoint</c>); when set nothing is started.</summary>
    public string? ExistingSocket { get; init; }

    public string ContainerdPath { get; init; } = "/usr/bin/containerd";

    /// <summary>The pause image pod sandboxes run; the node imports its own build of it.</summary>
    public string SandboxImage { get; init; } = "registry.k8s.io/pause:3.10";

    /// <summary>
    /// The node's pod address range (from the controller manager), handed to CNI host-local; null
    /// starts containerd without a pod network, written later by <see cref="IContainerdSupervisor.ConfigureNetworkAsync"/>
    /// once the node has its range (containerd's CRI plugin reloads the CNI directory).
    /// </summary>
    public string? PodCidr { get; init; } = "10.42.0.0/24";

    /// <summary>Where the CNI plugin binaries are; null finds Debian's directory (/usr/lib/cni or /usr/libexec/cni).</summary>
    public string? CniBinDirectory { get; init; }

    /// <summary>Name of the Linux bridge pods attach to.</summary>
    public string BridgeName { get; init; } = "kubesharp0";

    /// <summary>Masquerade pod traffic leaving the pod range (bridge ipMasq).</summary>
    public bool MasqueradeOutgoing { get; init; } = true;

    /// <summary>
    /// The cluster's pod range: when set, outgoing traffic is masqueraded only when it leaves this
    /// range (an nftables table, see <see cref="PodMasquerade"/>), so pods on other nodes see pod
    /// addresses; null keeps the bridge's ipMasq (everything leaving this node's range).
    /// </summary>
    public string? ClusterCidr { get; init; }

    /// <summary>The nft binary, for <see cref="ClusterCidr"/>.</summary>
    public string NftPath { get; init; } = "nft";

    public OomScoreAdjPolicy OomScoreAdj { get; init; } = OomScoreAdjPolicy.Auto;

    /// <summary>How long containerd may take to answer CRI Version after start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long containerd may take to exit after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory) || !Path.IsPathFullyQualified(DataDirectory))
        {
            throw new ArgumentException($"containerd: data directory must be an absolute path, got '{DataDirectory}'");
        }

        if (ExistingSocket is not null)
        {
            if (!Path.IsPathFullyQualified(ExistingSocket))
            {
                throw new ArgumentException($"containerd: runtime endpoint must be an absolute socket path, got '{ExistingSocket}'");
            }

            return;
        }

        if (!File.Exists(ContainerdPath))
        {
            throw new ArgumentException($"containerd: '{ContainerdPath}' not found; run scripts/install-deps.sh");
        }

        if (string.IsNullOrWhiteSpace(SandboxImage))
        {
            throw new ArgumentException("containerd: sandbox image must not be empty");
        }

        if (PodCidr is not null && !IPNetwork.TryParse(PodCidr, out _))
        {
            throw new ArgumentException($"containerd: pod CIDR '{PodCidr}' is not an address range like 10.42.0.0/24");
        }

        if (string.IsNullOrEmpty(BridgeName) || BridgeName.Length > 15)
        {
            throw new ArgumentException($"containerd: bridge name '{BridgeName}' must be 1 to 15 characters (a Linux interface name)");
        }

        if (StartTimeout <= TimeSpan.Zero || StopTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("containerd: start and stop timeouts must be positive");
        }
    }
}
