using System.Diagnostics;
using System.Net;
using System.Text;

namespace Kubesharp.Bench.ApiServer;

/// <summary>
/// Mutating and listing workloads against the API server's REST endpoints. Every loop is bounded
/// by both time and count; any non-success status fails the benchmark (a fast error is no figure).
/// </summary>
internal static class ApiWorkloads
{
    private const int MaxRequestsPerClient = 50_000;
    public static readonly string Payload = new('x', 1000);

    public static async Task CreateNamespaceAsync(HttpClient http, string name, CancellationToken cancellationToken)
    {
        using var body = Json($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");
        using var response = await http.PostAsync(new Uri("/api/v1/namespaces", UriKind.Relative), body, cancellationToken);
        await EnsureAsync(response, "create namespace", cancellationToken);
    }

    public static async Task CreateConfigMapAsync(HttpClient http, string ns, string name, CancellationToken cancellationToken)
    {
        using var body = Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"payload":"{{{Payload}}}"}}""");
        using var response = await http.PostAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps", UriKind.Relative), body, cancellationToken);
        await EnsureAsync(response, "create configmap", cancellationToken);
    }

    /// <summary>Each client creates ConfigMaps named PREFIX-CLIENT-N one after another. Returns the names per client too.</summary>
    public static async Task<(TimedRun Run, List<string>[] Names)> CreateAsync(HttpClient[] clients, string ns, TimeSpan duration, CancellationToken cancellationToken, string prefix = "c")
    {
        var names = clients.Select(_ => new List<string>()).ToArray();
        var latencies = clients.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((http, client) => Task.Run(async () =>
        {
            for (var n = 0; clock.Elapsed < duration && n < MaxRequestsPerClient; n++)
            {
                var name = $"{prefix}-{client}-{n}";
                var start = Stopwatch.GetTimestamp();
                await CreateConfigMapAsync(http, ns, name, cancellationToken);
                latencies[client].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                names[client].Add(name);
            }
        }, cancellationToken)));
        return (Finish(latencies, clock.Elapsed), names);
    }

    /// <summary>Each client merge-patches its own ConfigMaps round-robin.</summary>
    public static async Task<TimedRun> PatchAsync(HttpClient[] clients, string ns, List<string>[] names, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = clients.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((http, client) => Task.Run(async () =>
        {
            var mine = names[client];
            for (var n = 0; mine.Count > 0 && clock.Elapsed < duration && n < MaxRequestsPerClient; n++)
            {
                var start = Stopwatch.GetTimestamp();
                await PatchConfigMapAsync(http, ns, mine[n % mine.Count], n, cancellationToken);
                latencies[client].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }, cancellationToken)));
        return Finish(latencies, clock.Elapsed);
    }

    /// <summary>Creates c-CLIENT-N ConfigMaps at a fixed total rate.</summary>
    public static Task<TimedRun> PacedCreateAsync(HttpClient[] clients, string ns, double perSecond, TimeSpan duration, CancellationToken cancellationToken) =>
        PacedLoad.RunAsync(clients, perSecond, duration, (http, client, n) => CreateConfigMapAsync(http, ns, $"p-{client}-{n}", cancellationToken), cancellationToken);

    /// <summary>Merge-patches each client's own ConfigMaps round-robin at a fixed total rate.</summary>
    public static Task<TimedRun> PacedPatchAsync(HttpClient[] clients, string ns, List<string>[] names, double perSecond, TimeSpan duration, CancellationToken cancellationToken) =>
        PacedLoad.RunAsync(clients, perSecond, duration, (http, client, n) => names[client].Count == 0 ? Task.CompletedTask : PatchConfigMapAsync(http, ns, names[client][n % names[client].Count], n, cancellationToken), cancellationToken);

    public static async Task PatchConfigMapAsync(HttpClient http, string ns, string name, int n, CancellationToken cancellationToken)
    {
        using var body = new StringContent($$$"""{"metadata":{"labels":{"round":"r{{{n}}}"}},"data":{"patched":"{{{n}}}"}}""", Encoding.UTF8, "application/merge-patch+json");
        using var response = await http.PatchAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps/{name}", UriKind.Relative), body, cancellationToken);
        await EnsureAsync(response, "merge-patch configmap", cancellationToken);
    }

    /// <summary>Fills <paramref name="ns"/> with exactly <paramref name="count"/> ConfigMaps using all clients.</summary>
    public static async Task SeedAsync(HttpClient[] clients, string ns, int count, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(clients.Select(http => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await CreateConfigMapAsync(http, ns, $"s-{i}", cancellationToken);
            }
        }, cancellationToken)));
    }

    /// <summary>GETs the whole list (body read completely) and checks it holds <paramref name="expected"/> items.</summary>
    public static async Task<double> ListMsAsync(HttpClient http, string ns, int expected, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps", UriKind.Relative), HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureAsync(response, "list configmaps", cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var items = CountOccurrences(body, "\"name\":\"s-"u8);
        if (items != expected)
        {
            throw new InvalidOperationException($"list returned {items} names, expected {expected}");
        }

        return elapsed;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode}: {text}");
        }
    }

    private static int CountOccurrences(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        var count = 0;
        for (var at = haystack.IndexOf(needle); at >= 0; at = haystack.IndexOf(needle))
        {
            count++;
            haystack = haystack[(at + needle.Length)..];
        }

        return count;
    }

    private static TimedRun Finish(List<double>[] latencies, TimeSpan elapsed)
    {
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new TimedRun(all.Length, elapsed.TotalSeconds, all);
    }
}
