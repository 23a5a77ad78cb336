using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>Points the forwarded request at the kubelet URL and keeps the client's credentials away from it.</summary>
internal sealed class KubeletRequestTransformer(Uri target) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = target;
        proxyRequest.Headers.Host = null;
        proxyRequest.Headers.Authorization = null;
        foreach (var header in proxyRequest.Headers.Select(h => h.Key).Where(k => k.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            proxyRequest.Headers.Remove(header);
        }
    }
}
