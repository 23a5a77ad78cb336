namespace Kubesharp.Scheduler;

/// <summary>How the scheduler runs.</summary>
/// <param name="Identity">This replica's name in the leader-election Lease (host + pid).</param>
public sealed record SchedulerOptions(string Identity)
{
    /// <summary>Contend for the kube-system/kube-scheduler Lease so two schedulers never bind at once.</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>The spec.schedulerName this scheduler serves.</summary>
    public string SchedulerName { get; init; } = "default-scheduler";

    /// <summary>Bindings in flight at once (the binding cycle runs beside the scheduling loop).</summary>
    public int ConcurrentBindings { get; init; } = 64;

    /// <summary>Threads one cycle filters nodes on (upstream's parallelism, default 16; here at most one per core).</summary>
    public int Parallelism { get; init; } = Math.Min(16, Environment.ProcessorCount);

    /// <summary>How often unschedulable pods are retried even without a cluster event (upstream: 5 min max; we use 1 min).</summary>
    public TimeSpan UnschedulableRetry { get; init; } = TimeSpan.FromSeconds(60);
}
