using Kubesharp.Client.Throttling;

namespace Kubesharp.Controllers.Manager;

/// <summary>How the controller manager runs.</summary>
/// <param name="Identity">This replica's name in the leader-election Lease (host + pid).</param>
public sealed record ControllerManagerOptions(string Identity)
{
    /// <summary>Contend for the kube-system/kube-controller-manager Lease so two managers never act at once.</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>Controllers to leave out, by <see cref="IController.Name"/>.</summary>
    public IReadOnlySet<string> Disabled { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Each controller's limit on its API calls (upstream's --kube-api-qps/--kube-api-burst, which every
    /// controller's client gets separately). Upstream's 20 qps would take two hours to create 150,000
    /// pods; a cap on requests in flight instead follows what the API server manages: a controller with
    /// 32 calls outstanding waits for one to finish, so its bursts queue here, not ahead of the
    /// scheduler's bindings and the kubelets' status writes in the server. Informers and leader
    /// election are not limited.
    /// </summary>
    public ClientThrottle ApiThrottle { get; init; } = new() { MaxInFlight = 32 };

    /// <summary>Workers per controller (upstream's --concurrent-*-syncs default to 5).</summary>
    public int Workers { get; init; } = 5;

    /// <summary>How often each HorizontalPodAutoscaler is evaluated (upstream's --horizontal-pod-autoscaler-sync-period).</summary>
    public TimeSpan HorizontalPodAutoscalerSyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>An HPA scales down only to the highest recommendation of this window (upstream's --horizontal-pod-autoscaler-downscale-stabilization).</summary>
    public TimeSpan HorizontalPodAutoscalerDownscaleStabilization { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A node whose Lease is not renewed for this long is marked Unknown and tainted unreachable (upstream: 40 s).</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>
    /// How long pods without their own not-ready/unreachable toleration stay on a failed node:
    /// upstream's DefaultTolerationSeconds admission gives every pod 300 s.
    /// </summary>
    public TimeSpan DefaultTolerationSeconds { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>First delay before a Job's pod is retried after a failure; it doubles per failure up to 6 min (upstream: 10 s).</summary>
    public TimeSpan JobBackoffBase { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pod's node must stay missing before the pod is force-deleted (upstream's quarantine: 40 s).</summary>
    public TimeSpan PodGCQuarantine { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>Finished pods kept before the oldest are deleted (upstream's --terminated-pod-gc-threshold: 12500); 0 keeps all.</summary>
    public int TerminatedPodGCThreshold { get; init; } = 12500;
    /// <summary>How often every ResourceQuota is recalculated besides on changes (upstream's --resource-quota-sync-period: 5 min).</summary>
    public TimeSpan ResourceQuotaSyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The range node pod CIDRs are carved from (upstream's --cluster-cidr with --allocate-node-cidrs);
    /// null leaves the node IPAM controller idle, so kubelets keep their own ranges.
    /// </summary>
    public string? ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>Prefix length of each node's podCIDR (upstream's --node-cidr-mask-size: 24 for IPv4).</summary>
    public int NodeCidrMaskSize { get; init; } = 24;

    /// <summary>The cluster CA (PEM) published as <c>kube-root-ca.crt</c> in every namespace; null leaves that controller idle.</summary>
    public string? RootCaCertificate { get; init; }
}
