namespace Kubesharp.Client.LeaderElection;

/// <summary>
/// Which Lease to contend for and the timings (client-go defaults: 15 s lease, 10 s renew deadline,
/// 2 s retry). Invariant: RetryPeriod &lt; RenewDeadline &lt; LeaseDuration, so a leader gives up
/// before anyone else may consider its lease expired.
/// </summary>
/// <param name="Identity">Unique per candidate (e.g. host name + process id).</param>
public sealed record LeaderElectionOptions(string LeaseNamespace, string LeaseName, string Identity)
{
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On a clean stop, clear the holder so a successor need not wait for expiry.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Called whenever a different holder is observed (including ourselves).</summary>
    public Action<string>? OnNewLeader { get; init; }

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(LeaseNamespace);
        ArgumentException.ThrowIfNullOrEmpty(LeaseName);
        ArgumentException.ThrowIfNullOrEmpty(Identity);
        if (!(RetryPeriod > TimeSpan.Zero && RetryPeriod < RenewDeadline && RenewDeadline < LeaseDuration))
        {
            throw new ArgumentException("leader election needs 0 < RetryPeriod < RenewDeadline < LeaseDuration");
        }
    }
}
