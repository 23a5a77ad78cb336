using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.Client.Transport;

/// <summary>
/// The HTTPS transport: one SocketsHttpHandler preferring HTTP/2 (so hundreds of watches share a
/// few connections), the cluster CA pinned as the only trust root, and a client certificate or token.
/// </summary>
internal sealed class HttpApiTransport : IApiTransport
{
    private readonly HttpClient _http;
    private readonly HttpTransportOptions _options;

    public HttpApiTransport(HttpTransportOptions options)
        : this(CreateHandler(options ?? throw new ArgumentNullException(nameof(options))), options)
    {
    }

    /// <summary>Over a given handler (e.g. the API server's in-process one): only the base address and timeout of <paramref name="options"/> apply.</summary>
    public HttpApiTransport(HttpMessageHandler handler, HttpTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = options.Server,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            // Per-call timeouts are applied below so watches can run for as long as they like.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("kubesharp", "0.1"));
        if (options.BearerToken is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static SocketsHttpHandler CreateHandler(HttpTransportOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions(),
        };
        if (options.ClientCertificateSource is { } source)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => source();
        }
        else if (options.ClientCertificate is { } cert)
        {
            handler.SslOptions.ClientCertificates = [cert];
        }

        if (options.CertificateAuthority is { } ca)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(ca, certificate, errors);
        }

        return handler;
    }

    public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // HttpClient's DefaultRequestVersion applies only to its own helpers; a message built here
        // would go out as HTTP/1.1 and every watch would then hold a connection of its own.
        using var message = new HttpRequestMessage(request.Method, request.PathAndQuery)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (request.Body is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
        }

        var timeout = request.Streaming ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout?.CancelAfter(_options.RequestTimeout);
        try
        {
            var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout?.Token ?? cancellationToken);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new ApiResponse((int)response.StatusCode, stream, new Owner(response, timeout));
        }
        catch
        {
            timeout?.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool Validate(X509Certificate2 ca, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        // Only the cluster CA is trusted: chain to it as a custom root, ignoring the system store.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(presented);
        // Host name mismatches are still reported by the platform in errors; keep that check.
        return (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && chain.Build(leaf);
    }

    private sealed class Owner(HttpResponseMessage response, CancellationTokenSource? timeout) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            response.Dispose();
            timeout?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
