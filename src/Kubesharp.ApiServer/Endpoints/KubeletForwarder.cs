using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using Kubesharp.ApiServer.Certificates;
using Kubesharp.ApiServer.Errors;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// Sends a client's request on to a kubelet with the API server's kubelet client certificate (the
/// current one at each new connection, see <see cref="KubeletClientCertificate.TlsOptions"/>) and
/// streams the answer back, upgrades (SPDY, WebSocket) included.
/// </summary>
internal sealed class KubeletForwarder : IDisposable, IAsyncDisposable
{
    // Streams (logs -f, exec shells, port-forwards) may idle for long; the kubelet and the runtime bound them.
    private static readonly ForwarderRequestConfig Config = new()
    {
        ActivityTimeout = TimeSpan.FromHours(4),
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _client;

    public KubeletForwarder(IHttpForwarder forwarder, Func<X509Certificate2> clientCertificate)
    {
        _forwarder = forwarder;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = KubeletClientCertificate.TlsOptions(clientCertificate),
        };
        _client = new HttpMessageInvoker(handler);
    }

    /// <exception cref="ApiException">503 when the kubelet cannot be reached before anything was answered.</exception>
    public async Task ForwardAsync(HttpContext context, Uri target)
    {
        var error = await _forwarder.SendAsync(context, target.GetLeftPart(UriPartial.Authority), _client, Config, new KubeletRequestTransformer(target));
        if (error == ForwarderError.None || context.Response.HasStarted)
        {
            return;
        }

        var cause = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        var detail = cause?.InnerException?.Message ?? cause?.Message ?? error.ToString();
        throw new ApiException(503, "ServiceUnavailable", $"error dialing backend: {detail}");
    }

    public void Dispose() => _client.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
