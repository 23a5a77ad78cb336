namespace Kubesharp.Client.LeaderElection;

/// <summary>
/// Contends for a coordination.k8s.io/v1 Lease so only one of several replicas acts at a time.
/// </summary>
public interface ILeaderElector
{
    bool IsLeader { get; }

    /// <summary>The holder last observed in the Lease, if any.</summary>
    string? ObservedLeader { get; }

    /// <summary>
    /// Waits to acquire the lease, then runs <paramref name="lead"/> with a token that is cancelled
    /// when leadership is lost (renewal failed for RenewDeadline) or <paramref name="cancellationToken"/>
    /// fires. Returns after leadership ends and <paramref name="lead"/> has returned.
    /// </summary>
    Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken);
}
