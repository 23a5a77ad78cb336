namespace Kubesharp.ApiServer.Metrics;

/// <summary>Timing of the metrics API.</summary>
public static class MetricsDefaults
{
    /// <summary>A kubelet slower than this is left out: <c>kubectl top</c> must answer promptly.</summary>
    public static readonly TimeSpan KubeletTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long one scrape of a kubelet is reused; also the <c>window</c> the objects report.</summary>
    public static readonly TimeSpan CachePeriod = TimeSpan.FromSeconds(5);
}
