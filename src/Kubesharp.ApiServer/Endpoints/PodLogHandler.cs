using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>GET pods/{name}/log: the container is chosen and checked here, the log is streamed from the node's kubelet.</summary>
internal sealed class PodLogHandler(ResourceRegistry registry, KubeletLocation kubelets, KubeletForwarder forwarder) : ISubresourceHandler
{
    private static readonly string[] PassedOn = ["follow", "previous", "timestamps", "tailLines", "sinceSeconds", "sinceTime", "limitBytes"];

    public async Task HandleAsync(HttpContext context, ObjectRef target, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            throw ApiErrors.MethodNotAllowed();
        }

        var query = context.Request.Query;
        var pod = await registry.GetAsync(target, cancellationToken);
        var container = PodContainers.Choose(pod, query["container"]);
        var node = pod["spec"]?["nodeName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(node))
        {
            // Not scheduled: nothing has been logged, so the log is empty (upstream streams no location).
            context.Response.ContentType = "text/plain";
            return;
        }

        var previous = query["previous"].ToString() is "true" or "1";
        if (PodContainers.NotStarted(pod, container, previous) is { } refusal)
        {
            throw ApiErrors.BadRequest(refusal);
        }

        var kubelet = await kubelets.BaseUriAsync(node, cancellationToken);
        var passed = PassedOn.SelectMany(k => query[k].Select(v => new KeyValuePair<string, string?>(k, v)));
        var path = $"containerLogs/{Uri.EscapeDataString(target.Namespace ?? "")}/{Uri.EscapeDataString(target.Name)}/{Uri.EscapeDataString(container)}";
        await forwarder.ForwardAsync(context, new Uri(kubelet, path + QueryString.Create(passed)));
    }
}
