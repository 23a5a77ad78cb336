using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Proxy;
using Kubesharp.Proxy.Nft;
using Kubesharp.Proxy.Sync;

namespace Kubesharp.Bench.Proxy;

/// <summary>
/// <c>bench/run proxy</c>: the proxy's real sync path (Services + EndpointSlices in, rule
/// generation, one <c>nft -f</c> transaction out) at 10,000 Services × 2 endpoints, inside a
/// network namespace of its own. Times the full sync, then adding one Service, then changing one
/// endpoint (each the median of <see cref="Repeats"/> runs). Args: [--services N].
/// </summary>
internal sealed class ProxyBenchmark : IBenchmark
{
    private const int Repeats = 5;

    public string Name => "proxy";

    public async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (!Sandbox.IsInside)
        {
            return await Sandbox.RerunInsideAsync(Name, args, TimeSpan.FromMinutes(10), cancellationToken);
        }

        var count = args.Length == 2 && args[0] == "--services" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var options = new ProxyOptions("bench-node", ["192.168.5.10"]);
        using var nft = new TimedNftRunner(NftRunners.Create(options));
        var engine = new ProxyEngine(options, nft);
        for (var i = 0; i < count; i++)
        {
            engine.SetService(Service(i));
            engine.SetSlice(Slice(i, 0));
        }

        var clock = Stopwatch.StartNew();
        var full = await engine.SyncAsync(cancellationToken);
        var fullMs = clock.Elapsed.TotalMilliseconds;
        await Console.Error.WriteLineAsync($"proxy: full sync of {full.Services} services in {fullMs:F0} ms ({nft.LastApplyMs:F0} ms in nft, {nft.LastScriptLines} lines)");

        var adds = new List<double>();
        var changes = new List<double>();
        for (var r = 0; r < Repeats; r++)
        {
            engine.SetService(Service(count + r));
            engine.SetSlice(Slice(count + r, 0));
            clock.Restart();
            var added = await engine.SyncAsync(cancellationToken);
            adds.Add(clock.Elapsed.TotalMilliseconds);
            var addNftMs = nft.LastApplyMs;

            engine.SetSlice(Slice(r * 7, r + 1));
            clock.Restart();
            var changed = await engine.SyncAsync(cancellationToken);
            changes.Add(clock.Elapsed.TotalMilliseconds);
            var changeNftMs = nft.LastApplyMs;
            if (added.Services != 1 || changed.Services != 1 || added.Full || changed.Full)
            {
                throw new InvalidOperationException($"expected incremental one-service syncs, got {added} and {changed}");
            }

            await Console.Error.WriteLineAsync($"proxy: one service added in {adds[^1]:F1} ms ({addNftMs:F1} in nft), one endpoint changed in {changes[^1]:F1} ms ({changeNftMs:F1} in nft, {nft.LastScriptLines} lines)");
        }

        return
        [
            new("services", count),
            new("full_sync_ms", fullMs),
            new("one_service_ms", Median(adds)),
            new("endpoint_change_ms", Median(changes)),
        ];
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string ClusterIp(int i) => $"10.43.{(i / 250) + 1}.{(i % 250) + 1}";

    private static JsonObject Service(int i) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = $"svc-{i:D5}", ["namespace"] = "bench" },
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = ClusterIp(i),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["protocol"] = "TCP" }),
        },
    };

    /// <summary>Two endpoints; <paramref name="generation"/> moves the second one, as a rollout would.</summary>
    private static JsonObject Slice(int i, int generation) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = $"svc-{i:D5}-x",
            ["namespace"] = "bench",
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = $"svc-{i:D5}" },
        },
        ["addressType"] = "IPv4",
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8080, ["protocol"] = "TCP" }),
        ["endpoints"] = new JsonArray(Endpoint(2 * i), Endpoint((2 * i) + 1 + (generation * 40_000))),
    };

    private static JsonObject Endpoint(int n) => new()
    {
        ["addresses"] = new JsonArray($"10.{42 + (n / 65_000)}.{n / 250 % 260 % 256}.{(n % 250) + 1}"),
        ["conditions"] = new JsonObject { ["ready"] = true },
    };
}
