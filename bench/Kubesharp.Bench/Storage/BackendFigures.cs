namespace Kubesharp.Bench.Storage;

/// <summary>What one backend measured, per concurrency.</summary>
internal sealed class BackendFigures(string name)
{
    public string Name { get; } = name;

    public Dictionary<int, double> WritesPerSecond { get; } = [];

    public Dictionary<int, double> ReadsPerSecond { get; } = [];

    public double WatchP50Ms { get; set; }

    public double WatchP99Ms { get; set; }
}
