using System.Net;
using System.Net.Sockets;
using System.Text;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.Metrics;

/// <summary>
/// The real API server with node n1 (kubelet: a <see cref="FakeKubelet"/>), node n2 (kubelet port
/// closed) and pods default/web, default/young (no cpu rate yet) on n1, default/lonely on n2.
/// </summary>
public sealed class MetricsServerFixture : IAsyncLifetime
{
    private readonly InProcessServer server = new();

    public HttpClient Client => server.Client;

    public string KubeconfigPath => server.KubeconfigPath;

    internal FakeKubelet Kubelet { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await server.InitializeAsync();
        Kubelet = await FakeKubelet.StartAsync(MetricsFixtures.SummaryJson);
        await CreateAsync("/api/v1/nodes", Node("n1", Kubelet.Port, "role=worker"));
        await CreateAsync("/api/v1/nodes", Node("n2", ClosedPort(), "role=spare"));
        await CreateAsync("/api/v1/namespaces/default/pods", Pod("web", "n1", "app=web"));
        await CreateAsync("/api/v1/namespaces/default/pods", Pod("young", "n1", "app=young"));
        await CreateAsync("/api/v1/namespaces/default/pods", Pod("lonely", "n2", "app=web"));
    }

    public async ValueTask DisposeAsync()
    {
        await Kubelet.DisposeAsync();
        await server.DisposeAsync();
    }

    private async Task CreateAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Node(string name, int port, string label)
    {
        var (key, value) = (label.Split('=')[0], label.Split('=')[1]);
        return $$"""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{name}}","labels":{"{{key}}":"{{value}}"} },
             "status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"},{"type":"Hostname","address":"{{name}}"}],
              "daemonEndpoints":{"kubeletEndpoint":{"Port":{{port}} } },
              "capacity":{"cpu":"2","memory":"4Gi","pods":"110"},"allocatable":{"cpu":"2","memory":"4Gi","pods":"110"} } }
            """;
    }

    private static string Pod(string name, string node, string label)
    {
        var (key, value) = (label.Split('=')[0], label.Split('=')[1]);
        return $$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{name}}","labels":{"{{key}}":"{{value}}"} },
             "spec":{"nodeName":"{{node}}","containers":[{"name":"app","image":"busybox"} ] } }
            """;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
