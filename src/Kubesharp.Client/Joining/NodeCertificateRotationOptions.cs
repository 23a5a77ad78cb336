namespace Kubesharp.Client.Joining;

/// <summary>When a joined node trades its client certificate for a new one (the server's window: 90 days before expiry).</summary>
public sealed record NodeCertificateRotationOptions
{
    /// <summary>A certificate closer than this to expiry is renewed.</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How often the node looks.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RenewBefore, TimeSpan.Zero, nameof(RenewBefore));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CheckInterval, TimeSpan.Zero, nameof(CheckInterval));
    }
}
