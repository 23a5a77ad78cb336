using System.Globalization;
using System.Text;
using Kubesharp.Client.Transport;

namespace Kubesharp.Bench.Scheduler;

/// <summary>
/// The server's <c>apiserver_request_total</c> from its /metrics, summed by verb, resource and
/// subresource, so a run can say how many API calls each pod cost and of which kind; and its process
/// and garbage-collector counters (<c>dotnet_*</c>, <c>process_*</c>), to say where the CPU went.
/// </summary>
internal sealed class RequestCounts
{
    private readonly Dictionary<string, double> _totals;
    private readonly Dictionary<string, double> _runtime;

    private RequestCounts(Dictionary<string, double> totals, Dictionary<string, double> runtime) => (_totals, _runtime) = (totals, runtime);

    public static async Task<RequestCounts> ReadAsync(IApiTransport transport, CancellationToken cancellationToken)
    {
        await using var response = await transport.SendAsync(new ApiRequest(HttpMethod.Get, "/metrics"), cancellationToken);
        using var reader = new StreamReader(response.Body, Encoding.UTF8);
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        var runtime = new Dictionary<string, double>(StringComparer.Ordinal);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("dotnet_", StringComparison.Ordinal) || line.StartsWith("process_", StringComparison.Ordinal))
            {
                runtime[line[..line.LastIndexOf(' ')]] = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                continue;
            }

            if (!line.StartsWith("apiserver_request_total{", StringComparison.Ordinal))
            {
                continue;
            }

            var key = $"{Label(line, "verb")} {Label(line, "resource")}{(Label(line, "subresource") is { Length: > 0 } sub ? "/" + sub : "")}";
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            totals[key] = totals.GetValueOrDefault(key) + value;
        }

        return new RequestCounts(totals, runtime);
    }

    /// <summary>How much a runtime counter (e.g. <c>dotnet_gc_pause_seconds_total</c>) grew since <paramref name="before"/>; 0 when the server has none.</summary>
    public double RuntimeSince(RequestCounts before, string series) =>
        _runtime.GetValueOrDefault(series) - before._runtime.GetValueOrDefault(series);

    /// <summary>Calls made since <paramref name="before"/>, by kind, largest first; watches and Lease renewals (the idle cluster's) left out.</summary>
    public IReadOnlyList<(string Kind, double Count)> Since(RequestCounts before) =>
        _totals.Select(t => (Kind: t.Key, Count: t.Value - before._totals.GetValueOrDefault(t.Key)))
            .Where(t => t.Count > 0 && !t.Kind.StartsWith("WATCH ", StringComparison.Ordinal) && !t.Kind.EndsWith(" leases", StringComparison.Ordinal))
            .OrderByDescending(t => t.Count)
            .ToList();

    private static string Label(string line, string name)
    {
        var marker = name + "=\"";
        var start = line.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        start += marker.Length;
        return line[start..line.IndexOf('"', start)];
    }
}
