using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kubesharp.Dns;
using Kubesharp.Dns.Records;
using Kubesharp.Dns.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Bench.Dns;

/// <summary>
/// <c>bench/run dns</c>: the built-in cluster DNS on loopback (1,000 Services, 100 of them headless)
/// under <c>dnsperf</c> for a bounded time, with a query mix of service A, headless A, SRV, PTR and
/// NXDOMAIN names. qps and avg latency come from dnsperf; dnsperf prints no percentiles, so p99 is
/// measured by our own client right after (32 concurrent UDP askers, one query in flight each).
/// Args: [--seconds N] (default 10).
/// </summary>
internal sealed partial class DnsBenchmark : IBenchmark
{
    private const int Services = 1000;

    public string Name => "dns";

    public async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = args.Length == 2 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var options = new DnsOptions(new IPEndPoint(IPAddress.Loopback, 0));
        var records = new ClusterRecords(options);
        for (var i = 0; i < Services; i++)
        {
            var headless = i % 10 == 0;
            records.SetService(Service(i, headless));
            if (headless)
            {
                records.SetSlice(Slice(i));
            }
        }

        await using var server = DnsEndpoints.Start(new QueryHandler(records, options), options, NullLogger.Instance);
        var port = server.LocalEndPoint.Port;
        var queries = Queries();
        var file = Path.Combine(Path.GetTempPath(), $"kubesharp-dnsperf-{Environment.ProcessId}.txt");
        await File.WriteAllLinesAsync(file, queries.Select(q => $"{q.Name} {q.Type}"), cancellationToken);
        try
        {
            await Console.Error.WriteLineAsync($"dns: dnsperf for {seconds} s against 127.0.0.1:{port} ({queries.Count} distinct queries)");
            // The server's own CPU per answered query: a figure the shared machine's load does not move much.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var output = await DnsperfAsync(file, port, seconds, cancellationToken);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            await Console.Error.WriteLineAsync(string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("[Timeout]", StringComparison.Ordinal))));
            var qps = Figure(QpsLine().Match(output));
            var avgMs = Figure(AverageLine().Match(output)) * 1000;
            var lost = Figure(LostLine().Match(output));
            var completed = Figure(CompletedLine().Match(output));
            var cpuPerQueryUs = completed > 0 ? cpu.TotalMicroseconds / completed : 0;
            await Console.Error.WriteLineAsync($"dns: server used {cpu.TotalSeconds:F2} s of CPU for {completed} answers ({cpuPerQueryUs:F1} µs each)");
            var p99 = await OwnP99Async(server.LocalEndPoint, queries, TimeSpan.FromSeconds(3), cancellationToken);
            return [new("qps", qps), new("p99_ms", p99), new("avg_ms", avgMs), new("lost_queries", lost), new("server_cpu_us_per_query", cpuPerQueryUs)];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> DnsperfAsync(string file, int port, int seconds, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dnsperf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-s", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-d", file, "-l", seconds.ToString(CultureInfo.InvariantCulture), "-c", "8", "-T", "1", "-q", "256", "-t", "2" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dnsperf");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(seconds + 30));
        var stdout = process.StandardOutput.ReadToEndAsync(bounded.Token);
        var stderr = process.StandardError.ReadToEndAsync(bounded.Token);
        await process.WaitForExitAsync(bounded.Token);
        return await stdout + await stderr;
    }

    private static async Task<double> OwnP99Async(IPEndPoint server, IReadOnlyList<(string Name, string Type)> queries, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[32];
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var askers = Enumerable.Range(0, latencies.Length).Select(n => Task.Run(async () =>
        {
            var mine = latencies[n] = new List<double>(100_000);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            await socket.ConnectAsync(server, cancellationToken);
            var buffer = new byte[4096];
            var packets = queries.Select((q, i) => Packet(q.Name, q.Type == "SRV" ? (ushort)33 : q.Type == "PTR" ? (ushort)12 : (ushort)1, (ushort)i)).ToArray();
            for (var i = n; Stopwatch.GetTimestamp() < until; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                await socket.SendAsync(packets[i % packets.Length], SocketFlags.None, cancellationToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(askers);
        var all = latencies.SelectMany(l => l).Order().ToList();
        await Console.Error.WriteLineAsync($"dns: own client, 32 concurrent: {all.Count / duration.TotalSeconds:F0} qps, p50 {all[all.Count / 2]:F3} ms, p99 {all[(int)(all.Count * 0.99)]:F3} ms");
        return all[(int)(all.Count * 0.99)];
    }

    private static byte[] Packet(string name, ushort type, ushort id)
    {
        var bytes = new List<byte> { (byte)(id >> 8), (byte)id, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        return [.. bytes];
    }

    /// <summary>Mostly service A lookups (what pods do), plus headless, SRV, PTR and misses (a search path's first tries).</summary>
    private static List<(string Name, string Type)> Queries()
    {
        var list = new List<(string, string)>();
        for (var i = 0; i < Services; i++)
        {
            list.Add(($"svc-{i:D4}.bench.svc.cluster.local", "A"));
            if (i % 10 == 0)
            {
                list.Add(($"_http._tcp.svc-{i:D4}.bench.svc.cluster.local", "SRV"));
            }

            if (i % 10 == 1)
            {
                list.Add(($"{(i % 250) + 1}.{(i / 250) + 1}.43.10.in-addr.arpa", "PTR"));
            }

            if (i % 5 == 2)
            {
                list.Add(($"svc-{i:D4}.bench.svc.cluster.local.bench.svc.cluster.local", "A"));
            }
        }

        return list;
    }

    private static JsonObject Service(int i, bool headless) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = $"svc-{i:D4}", ["namespace"] = "bench" },
        ["spec"] = new JsonObject
        {
            ["clusterIP"] = headless ? "None" : $"10.43.{(i / 250) + 1}.{(i % 250) + 1}",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["protocol"] = "TCP" }),
        },
    };

    private static JsonObject Slice(int i) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = $"svc-{i:D4}-x",
            ["namespace"] = "bench",
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = $"svc-{i:D4}" },
        },
        ["addressType"] = "IPv4",
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8080, ["protocol"] = "TCP" }),
        ["endpoints"] = new JsonArray(
            new JsonObject { ["addresses"] = new JsonArray($"10.42.{i / 100}.{(i % 100) + 1}") },
            new JsonObject { ["addresses"] = new JsonArray($"10.42.{i / 100}.{(i % 100) + 101}") }),
    };

    private static double Figure(Match match) =>
        match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("dnsperf output not understood");

    [GeneratedRegex(@"Queries per second:\s+([0-9.]+)")]
    private static partial Regex QpsLine();

    [GeneratedRegex(@"Average Latency \(s\):\s+([0-9.]+)")]
    private static partial Regex AverageLine();

    [GeneratedRegex(@"Queries completed:\s+([0-9]+)")]
    private static partial Regex CompletedLine();

    [GeneratedRegex(@"Queries lost:\s+([0-9]+)")]
    private static partial Regex LostLine();
}
