namespace Kubesharp.Bench;

/// <summary>One benchmark, run by name from <c>bench/run NAME</c>.</summary>
internal interface IBenchmark
{
    string Name { get; }

    /// <summary>Runs the benchmark and returns the figures of its RESULT line, in order.</summary>
    Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken);
}
