using System.Net;
using Kubesharp.ApiServer.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kubesharp.ApiServer.Serving.InProcess;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that hands each request to the API server's own pipeline in this
/// process: no socket, TLS or HTTP/2 framing, and the caller's identity attached as a feature rather
/// than proven by a certificate. Returns once the headers are final; the body streams as it is written,
/// and disposing it aborts the request (so a watch ends as it does when an HTTP client goes away).
/// </summary>
internal sealed class InProcessHandler(Func<IInProcessApplication> application, UserInfo caller) : HttpMessageHandler
{
    private readonly InProcessCaller _caller = new(caller);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        var body = request.Content is null ? Stream.Null : await request.Content.ReadAsStreamAsync(cancellationToken);
        var exchange = new InProcessExchange();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(RequestFeature(request, uri, body));
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(request.Content is not null));
        features.Set<IHttpResponseFeature>(exchange);
        features.Set<IHttpResponseBodyFeature>(exchange);
        features.Set<IHttpRequestLifetimeFeature>(exchange);
        features.Set(_caller);

        // The pipeline runs on from here; it completes HeadersSent however it ends.
        _ = RunAsync(application(), features, exchange);
        try
        {
            await exchange.HeadersSent.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            exchange.Abort();
            throw;
        }

        return Response(request, exchange);
    }

    private static async Task RunAsync(IInProcessApplication application, FeatureCollection features, InProcessExchange exchange)
    {
        try
        {
            await application.RunAsync(features, exchange.FinishAsync);
        }
        finally
        {
            exchange.Dispose();
        }
    }

    private static HttpRequestFeature RequestFeature(HttpRequestMessage request, Uri uri, Stream body)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, values) in request.Headers)
        {
            headers.Append(name, values.ToArray());
        }

        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers)
            {
                headers.Append(name, values.ToArray());
            }
        }

        headers["Host"] = uri.Authority;
        return new HttpRequestFeature
        {
            Protocol = "HTTP/2",
            Scheme = uri.Scheme,
            Method = request.Method.Method,
            PathBase = "",
            Path = PathString.FromUriComponent(uri).Value ?? "/",
            QueryString = QueryString.FromUriComponent(uri).Value ?? "",
            RawTarget = uri.PathAndQuery,
            Headers = headers,
            Body = body,
        };
    }

    private static HttpResponseMessage Response(HttpRequestMessage request, InProcessExchange exchange)
    {
        var content = new StreamContent(new InProcessResponseStream(exchange));
        var response = new HttpResponseMessage((HttpStatusCode)exchange.StatusCode)
        {
            RequestMessage = request,
            Version = HttpVersion.Version20,
            Content = content,
        };
        foreach (var (name, values) in exchange.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        return response;
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }
}
