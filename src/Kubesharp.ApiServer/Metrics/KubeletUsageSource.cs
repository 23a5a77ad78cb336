using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>
/// Asks a node's kubelet for <c>/stats/summary</c> at its InternalIP and advertised kubelet port (nodes
/// without one are skipped), as
/// metrics-server does: authenticated with the API server's kubelet client certificate (the current
/// one at each new connection), the kubelet's serving certificate not verified (upstream's default;
/// kubelets usually serve self-signed ones).
/// </summary>
internal sealed class KubeletUsageSource : INodeUsageSource, IAsyncDisposable
{
    private readonly HttpClient client;
    private readonly ILogger logger;

    public KubeletUsageSource(Func<X509Certificate2> clientCertificate, TimeSpan timeout, ILogger logger)
    {
        this.logger = logger;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            UseProxy = false,
            // metrics-server's default as well: it trusts no kubelet CA either.
            SslOptions = Certificates.KubeletClientCertificate.TlsOptions(clientCertificate),
        };
        client = new HttpClient(handler) { Timeout = timeout };
    }

    public async Task<NodeUsage?> FetchAsync(JsonObject node, CancellationToken cancellationToken)
    {
        var name = node["metadata"]?["name"]?.GetValue<string>() ?? "";
        if (Endpoint(node) is not { } endpoint)
        {
            return null;
        }

        try
        {
            using var response = await client.GetAsync(new Uri(endpoint, "/stats/summary"), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                MetricsLog.KubeletFailed(logger, name, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return SummaryParser.Parse(await JsonNode.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false), name);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException
                                   || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // An unreachable kubelet only drops its node from the answer, as metrics-server does.
            MetricsLog.KubeletFailed(logger, name, e.Message);
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>https://InternalIP:port/ of the node's kubelet, or null when the node advertises no address.</summary>
    internal static Uri? Endpoint(JsonObject node)
    {
        var status = node["status"];
        var address = (status?["addresses"] as JsonArray)?
            .FirstOrDefault(a => a?["type"]?.GetValue<string>() == "InternalIP")?["address"]?.GetValue<string>();
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }

        // A node that advertises no kubelet port has no kubelet (simulated hollow nodes): don't dial it.
        if (status?["daemonEndpoints"]?["kubeletEndpoint"]?["Port"] is not JsonValue value || !value.TryGetValue(out int port) || port <= 0)
        {
            return null;
        }

        var host = address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
        return new Uri($"https://{host}:{port}/");
    }
}
