using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>
/// The API server's own <c>/metrics</c>: apiserver_request_total by verb, resource and code, and
/// apiserver_request_duration_seconds (upstream's buckets; watches excluded, they last for minutes),
/// then the process and runtime families (<see cref="ProcessMetrics"/>).
/// </summary>
internal sealed class RequestMetrics
{
    private static readonly double[] Buckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];
    private readonly ConcurrentDictionary<(RequestKey Key, int Code), long[]> totals = new();
    private readonly ConcurrentDictionary<RequestKey, Histogram> durations = new();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var started = TimeProvider.System.GetTimestamp();
        int? failed = null;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Errors.ApiException e)
        {
            // The error middleware outside this one writes the Status; count the code it will write.
            failed = e.Code;
            throw;
        }
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            failed = StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            var watch = context.Request.Query["watch"] is var w && (w == "true" || w == "1");
            var key = RequestKey.From(context.Request.Method, context.Request.Path.Value ?? "/", watch);
            Interlocked.Increment(ref totals.GetOrAdd((key, failed ?? context.Response.StatusCode), _ => new long[1])[0]);
            if (key.Verb != "WATCH")
            {
                durations.GetOrAdd(key, _ => new Histogram()).Observe(TimeProvider.System.GetElapsedTime(started).TotalSeconds);
            }
        }
    }

    public string Write()
    {
        var text = new StringBuilder(4096);
        text.Append("# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.\n");
        text.Append("# TYPE apiserver_request_total counter\n");
        foreach (var ((key, code), count) in totals.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal))
        {
            text.Append("apiserver_request_total{").Append(Labels(key)).Append(",code=\"").Append(code.ToString(CultureInfo.InvariantCulture))
                .Append("\"} ").Append(Volatile.Read(ref count[0]).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("# HELP apiserver_request_duration_seconds [STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.\n");
        text.Append("# TYPE apiserver_request_duration_seconds histogram\n");
        foreach (var (key, histogram) in durations.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal))
        {
            histogram.Write(text, "apiserver_request_duration_seconds", Labels(key));
        }

        ProcessMetrics.Write(text);
        return text.ToString();
    }

    private static string Labels(RequestKey key) =>
        $"component=\"apiserver\",group=\"{key.Group}\",resource=\"{key.Resource}\",scope=\"{key.Scope}\",subresource=\"{key.Subresource}\",verb=\"{key.Verb}\",version=\"{key.Version}\"";

    private sealed class Histogram
    {
        private readonly Lock gate = new();
        private readonly long[] counts = new long[Buckets.Length];
        private long count;
        private double sum;

        public void Observe(double seconds)
        {
            lock (gate)
            {
                count++;
                sum += seconds;
                var index = Array.FindIndex(Buckets, b => seconds <= b);
                if (index >= 0)
                {
                    counts[index]++;
                }
            }
        }

        public void Write(StringBuilder text, string name, string labels)
        {
            lock (gate)
            {
                long cumulative = 0;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    cumulative += counts[i];
                    text.Append(name).Append("_bucket{").Append(labels).Append(",le=\"").Append(Buckets[i].ToString(CultureInfo.InvariantCulture))
                        .Append("\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }

                text.Append(name).Append("_bucket{").Append(labels).Append(",le=\"+Inf\"} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                text.Append(name).Append("_sum{").Append(labels).Append("} ").Append(sum.ToString("G17", CultureInfo.InvariantCulture)).Append('\n');
                text.Append(name).Append("_count{").Append(labels).Append("} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }
}
