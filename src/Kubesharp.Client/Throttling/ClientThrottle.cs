namespace Kubesharp.Client.Throttling;

/// <summary>
/// How much one component may ask of the API server: client-go's rest.Config QPS and Burst, and a cap
/// on requests awaiting their response. The cap is what keeps one busy component (a controller
/// manager creating 150,000 pods) from filling the server's queues ahead of the scheduler's bindings
/// and the nodes' status writes: its requests wait here, in its own process, instead of there.
/// Watches are long-running and exempt, as upstream's max-in-flight filter exempts them.
/// </summary>
public sealed record ClientThrottle
{
    /// <summary>Sustained requests per second; 0 leaves the rate unlimited.</summary>
    public double Qps { get; init; }

    /// <summary>Requests that may go at once above <see cref="Qps"/> after a quiet spell.</summary>
    public int Burst { get; init; } = 1;

    /// <summary>Requests in flight at most; 0 leaves them unlimited.</summary>
    public int MaxInFlight { get; init; }

    public bool IsUnlimited => Qps == 0 && MaxInFlight == 0;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Qps);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxInFlight);
        if (Qps > 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Burst);
        }
    }
}
