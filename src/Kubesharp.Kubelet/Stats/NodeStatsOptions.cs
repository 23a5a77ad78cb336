namespace Kubesharp.Kubelet.Stats;

/// <summary>Where node stats come from.</summary>
public sealed record NodeStatsOptions
{
    /// <summary>The node's name as registered with the API server.</summary>
    public required string NodeName { get; init; }

    /// <summary>The proc filesystem to read /proc/stat, /proc/meminfo and /proc/uptime from (tests point it elsewhere).</summary>
    public string ProcRoot { get; init; } = "/proc";

    /// <summary>Samples younger than this are reused so concurrent scrapes don't skew cpu rates.</summary>
    public TimeSpan MinimumSampleInterval { get; init; } = TimeSpan.FromSeconds(1);

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(NodeName);
        ArgumentException.ThrowIfNullOrWhiteSpace(ProcRoot);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumSampleInterval, TimeSpan.Zero);
    }
}
