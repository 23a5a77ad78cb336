using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Probes;

/// <summary>
/// An <c>httpGet</c> handler as upstream runs it: 200–399 is success; redirects are followed (at most
/// 10) only to the same host, a redirect elsewhere counts as success; HTTPS is not verified.
/// </summary>
internal sealed class HttpGetProbe : IDisposable
{
    private const int MaxRedirects = 10;

    // Upstream sends kube-probe/<major>.<minor>; servers sometimes special-case it.
    private const string UserAgent = "kube-probe/1.32";

    private readonly HttpClient client;

    public HttpGetProbe()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            // Probes go to many pods once per period; upstream disables keep-alive, so does this.
            PooledConnectionLifetime = TimeSpan.Zero,
#pragma warning disable CA5359 // Upstream probes HTTPS endpoints without verifying them: pods serve self-signed certificates.
            SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
#pragma warning restore CA5359
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<ProbeResult> RunAsync(JsonObject httpGet, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!ProbePorts.TryResolve(httpGet["port"], target, out var port, out var error))
        {
            return ProbeResult.Failed(error);
        }

        var url = BuildUrl(httpGet, target, port);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var current = url;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                AddHeaders(request, httpGet);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                if (code is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (!string.Equals(next.Host, url.Host, StringComparison.OrdinalIgnoreCase))
                    {
                        return ProbeResult.Success;
                    }

                    if (redirects == MaxRedirects)
                    {
                        return ProbeResult.Failed($"Get \"{next}\": stopped after {MaxRedirects} redirects");
                    }

                    current = next;
                    continue;
                }

                return code is >= 200 and < 400 ? ProbeResult.Success : ProbeResult.Failed($"HTTP probe failed with statuscode: {code}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed($"Get \"{current}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e)
        {
            return ProbeResult.Failed($"Get \"{current}\": {Innermost(e).Message}");
        }
    }

    public void Dispose() => client.Dispose();

    internal static Uri BuildUrl(JsonObject httpGet, ProbeTarget target, int port)
    {
        var scheme = string.Equals(httpGet["scheme"]?.GetValue<string>(), "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var host = httpGet["host"]?.GetValue<string>() is { Length: > 0 } explicitHost ? explicitHost : target.PodIp;
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        var path = httpGet["path"]?.GetValue<string>() ?? "";
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        return new Uri($"{scheme}://{host}:{port}{path}");
    }

    private static void AddHeaders(HttpRequestMessage request, JsonObject httpGet)
    {
        var userAgentSet = false;
        var acceptSet = false;
        if (httpGet["httpHeaders"] is JsonArray headers)
        {
            foreach (var header in headers)
            {
                var name = header?["name"]?.GetValue<string>();
                var value = header?["value"]?.GetValue<string>() ?? "";
                if (string.IsNullOrEmpty(name))
                {
                    continue;
                }

                if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
                {
                    request.Headers.Host = value;
                    continue;
                }

                userAgentSet |= string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase);
                acceptSet |= string.Equals(name, "Accept", StringComparison.OrdinalIgnoreCase);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (!userAgentSet)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        if (!acceptSet)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        }

        request.Headers.ConnectionClose = true;
        request.Version = HttpVersion.Version11;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }
}
