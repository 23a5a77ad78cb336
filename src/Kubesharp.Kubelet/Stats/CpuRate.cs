namespace Kubesharp.Kubelet.Stats;

/// <summary>A cumulative cpu counter read at one instant; two of them make a rate in nanocores.</summary>
internal readonly record struct CpuRate(ulong CoreNanoSeconds, DateTimeOffset Time)
{
    /// <summary>Cores used between <paramref name="earlier"/> and this reading, in billionths; null when not measurable.</summary>
    public ulong? NanoCoresSince(CpuRate earlier)
    {
        var elapsed = (Time - earlier.Time).Ticks * 100.0;
        if (elapsed <= 0 || CoreNanoSeconds < earlier.CoreNanoSeconds)
        {
            // A counter that went backwards belongs to a restarted container; wait for the next sample.
            return null;
        }

        return (ulong)((CoreNanoSeconds - earlier.CoreNanoSeconds) / elapsed * 1e9);
    }
}
