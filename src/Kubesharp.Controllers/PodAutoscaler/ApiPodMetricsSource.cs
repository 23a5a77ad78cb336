using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Quantities;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>Reads PodMetrics from <c>/apis/metrics.k8s.io/v1beta1</c> through the API server, as upstream's resource metrics client.</summary>
internal sealed partial class ApiPodMetricsSource(IApiClient client) : IPodMetricsSource
{
    public static readonly ResourceType PodMetrics = new("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", true, [], []);

    public async Task<IReadOnlyDictionary<string, PodUsage>> GetAsync(string @namespace, string selector, string resource, CancellationToken cancellationToken)
    {
        JsonObject list;
        try
        {
            list = await client.ListAsync(PodMetrics, @namespace, new ListRequest { LabelSelector = selector }, cancellationToken);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            throw new InvalidOperationException($"unable to get metrics for resource {resource}: unable to fetch metrics from resource metrics API: {e.Message}", e);
        }

        var usage = Parse(list, resource);
        return usage.Count == 0
            ? throw new InvalidOperationException($"unable to get metrics for resource {resource}: no metrics returned from resource metrics API")
            : usage;
    }

    /// <summary>A PodMetricsList → usage of <paramref name="resource"/> by pod name (pods whose containers lack it are left out).</summary>
    public static Dictionary<string, PodUsage> Parse(JsonObject list, string resource)
    {
        var result = new Dictionary<string, PodUsage>(StringComparer.Ordinal);
        foreach (var item in list["items"] as JsonArray ?? [])
        {
            var containers = new Dictionary<string, long>(StringComparer.Ordinal);
            var complete = true;
            foreach (var container in item?["containers"] as JsonArray ?? [])
            {
                if (container?["usage"]?[resource] is not { } value)
                {
                    complete = false;
                    break;
                }

                containers[Json.Str(container, "name") ?? string.Empty] = Quantity.Milli(Quantity.Text(value));
            }

            if (complete && Json.Str(item, "metadata", "name") is { } name)
            {
                result[name] = new PodUsage(Json.Time(item, "timestamp") ?? DateTimeOffset.MinValue, Window(Json.Str(item, "window")), containers);
            }
        }

        return result;
    }

    /// <summary>A Go duration such as "30s" or "1m0.5s"; 30 s (metrics-server's default) when absent.</summary>
    private static TimeSpan Window(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return TimeSpan.FromSeconds(30);
        }

        var total = TimeSpan.Zero;
        foreach (Match m in DurationPart().Matches(text))
        {
            var amount = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }

        return total;
    }

    [GeneratedRegex(@"([0-9.]+)(h|ms|m|s)")]
    private static partial Regex DurationPart();
}
