namespace Kubesharp.Scheduler.Model;

/// <summary>Amounts the scheduler adds up: CPU in milli-cores, memory and storage in bytes, plus extended resources.</summary>
internal sealed record Resources(long MilliCpu, long Memory, long EphemeralStorage, IReadOnlyDictionary<string, long> Extended)
{
    public static readonly Resources Zero = new(0, 0, 0, new Dictionary<string, long>());

    public Resources Plus(Resources other)
    {
        var extended = new Dictionary<string, long>(Extended, StringComparer.Ordinal);
        foreach (var (name, amount) in other.Extended)
        {
            extended[name] = extended.GetValueOrDefault(name) + amount;
        }

        return new Resources(MilliCpu + other.MilliCpu, Memory + other.Memory, EphemeralStorage + other.EphemeralStorage, extended);
    }

    public Resources Minus(Resources other)
    {
        var extended = new Dictionary<string, long>(Extended, StringComparer.Ordinal);
        foreach (var (name, amount) in other.Extended)
        {
            extended[name] = extended.GetValueOrDefault(name) - amount;
        }

        return new Resources(MilliCpu - other.MilliCpu, Memory - other.Memory, EphemeralStorage - other.EphemeralStorage, extended);
    }

    /// <summary>The larger of each amount (init containers run one at a time, so they count as a maximum).</summary>
    public Resources Max(Resources other)
    {
        var extended = new Dictionary<string, long>(Extended, StringComparer.Ordinal);
        foreach (var (name, amount) in other.Extended)
        {
            extended[name] = Math.Max(extended.GetValueOrDefault(name), amount);
        }

        return new Resources(Math.Max(MilliCpu, other.MilliCpu), Math.Max(Memory, other.Memory), Math.Max(EphemeralStorage, other.EphemeralStorage), extended);
    }
}
