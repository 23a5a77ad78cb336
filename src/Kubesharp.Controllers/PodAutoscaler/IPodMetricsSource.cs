namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>Resource usage of pods, as the resource metrics API (metrics.k8s.io/v1beta1 PodMetrics) reports it.</summary>
internal interface IPodMetricsSource
{
    /// <summary>Usage of <paramref name="resource"/> per pod name, for the pods <paramref name="selector"/> selects in <paramref name="namespace"/>.</summary>
    /// <exception cref="InvalidOperationException">The API could not be read or returned nothing; the message is upstream's.</exception>
    Task<IReadOnlyDictionary<string, PodUsage>> GetAsync(string @namespace, string selector, string resource, CancellationToken cancellationToken);
}
