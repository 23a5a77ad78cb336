using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Endpoints;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>
/// Serves metrics.k8s.io/v1beta1 (what <c>kubectl top</c> reads): NodeMetrics for nodes whose kubelet
/// answered, PodMetrics for pods that exist and whose node reported them; label and field selectors
/// select the nodes or pods, as in metrics-server.
/// </summary>
public static class MetricsEndpoints
{
    private const string Prefix = "/apis/" + MetricsResources.Group + "/" + MetricsResources.Version;

    /// <summary>
    /// Counts every request that passes <see cref="IApplicationBuilder.Use(Func{HttpContext, RequestDelegate, Task})"/>
    /// and serves the counts at <c>GET /metrics</c> (authenticated, as upstream).
    /// </summary>
    public static void UseRequestMetrics(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = new RequestMetrics();
        app.Use(metrics.InvokeAsync);
        app.MapGet("/metrics", context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return context.Response.WriteAsync(metrics.Write(), context.RequestAborted);
        });
    }

    public static void Map(IEndpointRouteBuilder routes, ResourceRegistry registry, INodeUsageSource source, TimeProvider time, TimeSpan cachePeriod)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        var handler = new Handler(registry, new UsageCache(source, time, cachePeriod), time);

        // Literal segments outrank the generic /apis/{group}/{version}/... route, for every method, so
        // nothing here ever reaches the stored-resource registry.
        routes.Map(Prefix + "/{first}/{**rest}", handler.HandleAsync);
    }

    private sealed class Handler(ResourceRegistry registry, UsageCache cache, TimeProvider time)
    {
        private static readonly ResourceType NodeType = BuiltInResources.Get("", "nodes");
        private static readonly ResourceType PodType = BuiltInResources.Get("", "pods");

        public async Task HandleAsync(HttpContext context)
        {
            if (!HttpMethods.IsGet(context.Request.Method) || QueryOptions.Flag(context.Request.Query, "watch"))
            {
                throw ApiErrors.MethodNotAllowed();
            }

            var segments = context.Request.Path.Value![(Prefix.Length + 1)..].TrimEnd('/').Split('/');
            var ct = context.RequestAborted;
            switch (segments)
            {
                case ["nodes"]:
                    await ListNodesAsync(context, ct).ConfigureAwait(false);
                    break;
                case ["nodes", var name]:
                    await GetNodeAsync(context, name, ct).ConfigureAwait(false);
                    break;
                case ["pods"]:
                    await ListPodsAsync(context, null, ct).ConfigureAwait(false);
                    break;
                case ["namespaces", var ns, "pods"]:
                    await ListPodsAsync(context, ns, ct).ConfigureAwait(false);
                    break;
                case ["namespaces", var ns, "pods", var name]:
                    await GetPodAsync(context, ns, name, ct).ConfigureAwait(false);
                    break;
                default:
                    throw ApiErrors.ResourceNotFound();
            }
        }

        private async Task ListNodesAsync(HttpContext context, CancellationToken ct)
        {
            var nodes = await ListAsync(NodeType, null, QueryOptions.Filter(NodeType, context.Request.Query), ct).ConfigureAwait(false);
            var usages = (await cache.GetAsync(nodes, ct).ConfigureAwait(false)).ToDictionary(u => u.NodeName, StringComparer.Ordinal);
            var items = nodes.Where(n => usages.ContainsKey(Name(n))).Select(n => (n, usages[Name(n)]));
            await WriteAsync(context, json => MetricsJson.WriteNodeList(json, items, time.GetUtcNow(), cache.Period), ct).ConfigureAwait(false);
        }

        private async Task GetNodeAsync(HttpContext context, string name, CancellationToken ct)
        {
            var node = await FindAsync(new ObjectRef(NodeType, null, name), ct).ConfigureAwait(false);
            var usages = node is null ? [] : await cache.GetAsync([node], ct).ConfigureAwait(false);
            var usage = usages.Count > 0 ? usages[0] : null;
            if (node is null || usage is null)
            {
                throw NotFound("nodemetrics", name);
            }

            await WriteAsync(context, json => MetricsJson.WriteNode(json, node, usage, time.GetUtcNow(), cache.Period, standalone: true), ct).ConfigureAwait(false);
        }

        private async Task ListPodsAsync(HttpContext context, string? ns, CancellationToken ct)
        {
            var pods = await ListAsync(PodType, ns, QueryOptions.Filter(PodType, context.Request.Query), ct).ConfigureAwait(false);
            var usages = await UsageByPodAsync(pods, ct).ConfigureAwait(false);
            var items = pods.Where(p => usages.ContainsKey(Key(p))).Select(p => (p, usages[Key(p)]));
            await WriteAsync(context, json => MetricsJson.WritePodList(json, items, time.GetUtcNow(), cache.Period), ct).ConfigureAwait(false);
        }

        private async Task GetPodAsync(HttpContext context, string ns, string name, CancellationToken ct)
        {
            var pod = await FindAsync(new ObjectRef(PodType, ns, name), ct).ConfigureAwait(false);
            var usages = pod is null ? null : await UsageByPodAsync([pod], ct).ConfigureAwait(false);
            if (pod is null || usages is null || !usages.TryGetValue(Key(pod), out var usage))
            {
                throw NotFound("podmetrics", name);
            }

            await WriteAsync(context, json => MetricsJson.WritePod(json, pod, usage, time.GetUtcNow(), cache.Period, standalone: true), ct).ConfigureAwait(false);
        }

        /// <summary>Asks only the nodes the pods run on.</summary>
        private async Task<Dictionary<(string, string), PodUsage>> UsageByPodAsync(IReadOnlyList<JsonObject> pods, CancellationToken ct)
        {
            var wanted = pods.Select(p => p["spec"]?["nodeName"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var nodes = wanted.Count == 0 ? [] : (await ListAsync(NodeType, null, ObjectFilter.Everything, ct).ConfigureAwait(false)).Where(n => wanted.Contains(Name(n))).ToArray();
            var result = new Dictionary<(string, string), PodUsage>();
            foreach (var usage in await cache.GetAsync(nodes, ct).ConfigureAwait(false))
            {
                foreach (var pod in usage.Pods)
                {
                    result.TryAdd((pod.Namespace, pod.Name), pod);
                }
            }

            return result;
        }

        private async Task<IReadOnlyList<JsonObject>> ListAsync(ResourceType type, string? ns, ObjectFilter filter, CancellationToken ct)
        {
            var list = await registry.ListAsync(type, ns, new ListOptions { Filter = filter }, ct).ConfigureAwait(false);
            return (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToArray();
        }

        private async Task<JsonObject?> FindAsync(ObjectRef target, CancellationToken ct)
        {
            try
            {
                return await registry.GetAsync(target, ct).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code == StatusCodes.Status404NotFound)
            {
                return null;
            }
        }

        private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write, CancellationToken ct)
        {
            context.Response.ContentType = "application/json";
            await using var json = new Utf8JsonWriter(context.Response.Body);
            write(json);
            await json.FlushAsync(ct).ConfigureAwait(false);
        }

        private static ApiException NotFound(string resource, string name) =>
            new(StatusCodes.Status404NotFound, "NotFound", $"{resource}.{MetricsResources.Group} \"{name}\" not found",
                new StatusDetails(name, MetricsResources.Group, resource));

        private static string Name(JsonObject obj) => obj["metadata"]?["name"]?.GetValue<string>() ?? "";

        private static (string, string) Key(JsonObject pod) => (pod["metadata"]?["namespace"]?.GetValue<string>() ?? "", Name(pod));
    }
}
