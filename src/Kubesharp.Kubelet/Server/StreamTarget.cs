using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Kubesharp.Kubelet.Server;

/// <summary>Sends the forwarded request to exactly one URL (the runtime's one-use stream URL), whatever the incoming path.</summary>
internal sealed class StreamTarget(Uri url) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = url;
        proxyRequest.Headers.Host = null;
    }
}
