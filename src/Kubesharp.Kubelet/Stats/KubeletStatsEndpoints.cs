using Kubesharp.Kubelet.Cri;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kubesharp.Kubelet.Stats;

/// <summary>Mounts the kubelet's resource endpoints on its HTTPS server.</summary>
public static class KubeletStatsEndpoints
{
    /// <summary>
    /// <c>GET /stats/summary</c> (Summary API JSON, a subset) and <c>GET /metrics/resource</c>
    /// (Prometheus text, upstream metric names): what metrics-server and our metrics.k8s.io read.
    /// </summary>
    public static IEndpointRouteBuilder MapKubeletStatsEndpoints(this IEndpointRouteBuilder endpoints, INodeStats stats)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(stats);
        endpoints.MapGet("/stats/summary", (RequestDelegate)(async context =>
        {
            var summary = await stats.GetSummaryAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = "application/json";
            await SummaryJsonWriter.WriteAsync(context.Response.Body, summary, context.RequestAborted).ConfigureAwait(false);
        }));
        endpoints.MapGet("/metrics/resource", (RequestDelegate)(async context =>
        {
            var summary = await stats.GetSummaryAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = ResourceMetricsWriter.ContentType;
            await context.Response.WriteAsync(ResourceMetricsWriter.Write(summary), context.RequestAborted).ConfigureAwait(false);
        }));
        return endpoints;
    }

    /// <summary><c>GET /metrics</c>: the kubelet's own Prometheus metrics (node name, running pods and containers, process figures).</summary>
    public static IEndpointRouteBuilder MapKubeletMetrics(this IEndpointRouteBuilder endpoints, string nodeName, IRuntimeService runtime)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(runtime);
        endpoints.MapGet("/metrics", (RequestDelegate)(async context =>
        {
            var sandboxes = await runtime.ListPodSandboxAsync(PodSandboxFilter.All, context.RequestAborted).ConfigureAwait(false);
            var containers = await runtime.ListContainersAsync(ContainerFilter.All, context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = ResourceMetricsWriter.ContentType;
            await context.Response.WriteAsync(KubeletMetricsWriter.Write(nodeName, sandboxes, containers, ProcessFigures.Current()), context.RequestAborted).ConfigureAwait(false);
        }));
        return endpoints;
    }
}
