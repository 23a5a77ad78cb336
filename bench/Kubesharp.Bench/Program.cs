using Kubesharp.Bench;
using Kubesharp.Bench.ApiServer;
using Kubesharp.Bench.Dns;
using Kubesharp.Bench.Footprint;
using Kubesharp.Bench.Kubelet;
using Kubesharp.Bench.Proxy;
using Kubesharp.Bench.Scheduler;
using Kubesharp.Bench.Storage;

// Benchmarks by name; each prints progress to stderr and its RESULT line last on stdout.
IBenchmark[] benchmarks = [new StorageBenchmark(), new ApiServerBenchmark(), new ApiWriteBenchmark(), new ProxyBenchmark(), new DnsBenchmark(), new FootprintBenchmark(), new SchedulerBenchmark(), new DensityBenchmark(), new PodStartupBenchmark()];

var name = args.Length > 0 ? args[0] : "";
var benchmark = benchmarks.FirstOrDefault(b => b.Name == name);
if (benchmark is null)
{
    await Console.Error.WriteLineAsync($"unknown benchmark '{name}'; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var figures = await benchmark.RunAsync(args[1..], stop.Token);
Console.WriteLine(ResultLine.Format(benchmark.Name, figures));
return 0;
