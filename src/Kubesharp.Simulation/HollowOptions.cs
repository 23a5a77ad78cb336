namespace Kubesharp.Simulation;

/// <summary>What hollow nodes look like and how they behave.</summary>
/// <param name="Count">How many nodes.</param>
public sealed record HollowOptions(int Count)
{
    public string NamePrefix { get; init; } = "hollow-";

    public string Cpu { get; init; } = "4";

    public string Memory { get; init; } = "16Gi";

    public int MaxPods { get; init; } = 110;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Spread the nodes over this many zones: node i gets topology.kubernetes.io/zone=zone-(i mod Zones)
    /// (and the matching region label), as cloud kubelets label nodes. 0 leaves them unlabelled.
    /// </summary>
    public int Zones { get; init; }

    /// <summary>Taints as key=value:Effect (or key:Effect).</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];

    /// <summary>Lease renewal period per node (upstream kubelet: 10 s).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Concurrent pod status writes.</summary>
    public int StatusWorkers { get; init; } = 8;

    /// <summary>How long a Job's pod "runs" before it succeeds (pods may set kubesharp.io/hollow-run-seconds).</summary>
    public TimeSpan JobRunTime { get; init; } = TimeSpan.FromSeconds(1);

    public string NodeName(int index) => $"{NamePrefix}{index}";

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Count, 32768);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPods);
        ArgumentOutOfRangeException.ThrowIfNegative(Zones);
        foreach (var taint in Taints)
        {
            if (!taint.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException($"taint '{taint}' must look like key=value:NoSchedule");
            }
        }
    }
}
