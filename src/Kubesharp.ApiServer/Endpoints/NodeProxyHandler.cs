using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// nodes/{name}/proxy/{path}: any verb, passed on to that node's kubelet at /{path} with the query
/// (what <c>kubectl get --raw /api/v1/nodes/N/proxy/stats/summary</c> and metrics scrapers use).
/// Services' proxy is not served (404), as before.
/// </summary>
internal sealed class NodeProxyHandler(KubeletLocation kubelets, KubeletForwarder forwarder) : ISubresourceHandler
{
    public async Task HandleAsync(HttpContext context, ObjectRef target, CancellationToken cancellationToken)
    {
        if (target.Type.Group.Length != 0 || target.Type.Plural != "nodes")
        {
            throw ApiErrors.ResourceNotFound();
        }

        var kubelet = await kubelets.BaseUriAsync(target.Name, cancellationToken);
        var path = ProxyPath(context).TrimStart('/');
        await forwarder.ForwardAsync(context, new Uri(kubelet, path + context.Request.QueryString.Value));
    }

    /// <summary>The path after .../proxy, as the resource endpoints parsed it.</summary>
    internal static string ProxyPath(HttpContext context) => context.Items[ProxyPathKey] as string ?? "";

    /// <summary>Where the resource endpoints leave <see cref="ResourcePath.ProxyPath"/> for this handler.</summary>
    internal const string ProxyPathKey = "kubesharp.proxyPath";
}
