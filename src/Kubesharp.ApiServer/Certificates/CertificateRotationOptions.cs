namespace Kubesharp.ApiServer.Certificates;

/// <summary>
/// How long leaf certificates live and when they are re-issued. The running server checks every
/// <see cref="CheckInterval"/> and re-issues a leaf once it is within <see cref="RenewBefore"/> of
/// expiry (k3s's window is 90 days, but k3s only acts at start), so a server that is never
/// restarted never serves an expired certificate.
/// </summary>
public sealed record CertificateRotationOptions
{
    public static CertificateRotationOptions Default { get; } = new();

    /// <summary>Lifetime of every leaf the CA issues (serving, admin, node client certificates).</summary>
    public TimeSpan LeafLifetime { get; init; } = TimeSpan.FromDays(365);

    /// <summary>A leaf closer than this to expiry is re-issued.</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How often the running server looks.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LeafLifetime, TimeSpan.Zero, nameof(LeafLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RenewBefore, TimeSpan.Zero, nameof(RenewBefore));
        // A window as long as the lifetime would re-issue every certificate at every check.
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(RenewBefore, LeafLifetime, nameof(RenewBefore));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CheckInterval, TimeSpan.Zero, nameof(CheckInterval));
    }
}
