using Kubesharp.Api.Selectors;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.PodAutoscaler;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.PodAutoscaler;

/// <summary>Plays metrics-server: every selected pod uses <see cref="MilliCpu"/> of cpu, sampled just now.</summary>
internal sealed class FakePodMetrics(IApiClient client) : IPodMetricsSource
{
    public long MilliCpu { get; set; }

    public async Task<IReadOnlyDictionary<string, PodUsage>> GetAsync(string @namespace, string selector, string resource, CancellationToken cancellationToken)
    {
        var pods = (await client.ListAsync(ControllerHarness.Pods, @namespace, new ListRequest { LabelSelector = LabelSelector.Parse(selector).ToString() }, cancellationToken))["items"]!.AsArray();
        return pods.ToDictionary(
            p => p!["metadata"]!["name"]!.GetValue<string>(),
            _ => new PodUsage(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), new Dictionary<string, long> { ["c"] = MilliCpu }),
            StringComparer.Ordinal);
    }
}
