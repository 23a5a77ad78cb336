using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Probes;
using Kubesharp.Kubelet.Tests.Fakes;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.Kubelet.Tests.Probes;

/// <summary>httpGet and tcpSocket probes against real listeners on loopback.</summary>
public sealed class ProberTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly Prober prober = new(new FakeRuntimeService());
    private LoopbackHttpServer server = null!;
    private string? lastUserAgent;
    private string? lastHost;
    private string? lastCustom;

    public async ValueTask InitializeAsync() => server = await LoopbackHttpServer.StartAsync(HandleAsync);

    public async ValueTask DisposeAsync()
    {
        prober.Dispose();
        await server.DisposeAsync();
    }

    [Theory]
    [InlineData("/ok", ProbeStatus.Success, "")]
    [InlineData("/status/399", ProbeStatus.Success, "")]
    [InlineData("/status/500", ProbeStatus.Failure, "HTTP probe failed with statuscode: 500")]
    [InlineData("/status/404", ProbeStatus.Failure, "HTTP probe failed with statuscode: 404")]
    [InlineData("/redirect-same", ProbeStatus.Success, "")]
    [InlineData("/redirect-to-fail", ProbeStatus.Failure, "HTTP probe failed with statuscode: 500")]
    [InlineData("/redirect-elsewhere", ProbeStatus.Success, "")]
    public async Task ProbeAsync_HttpGet_StatusDecides(string path, ProbeStatus expected, string message)
    {
        var result = await prober.ProbeAsync(HttpGet($"\"path\":\"{path}\",\"port\":{server.HttpPort}"), Target(), Timeout, CancellationToken.None);
        Assert.Equal(expected, result.Status);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public async Task ProbeAsync_HttpGetRedirectLoop_FailsAfterTenRedirects()
    {
        var result = await prober.ProbeAsync(HttpGet($"\"path\":\"/loop\",\"port\":{server.HttpPort}"), Target(), Timeout, CancellationToken.None);
        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.EndsWith("stopped after 10 redirects", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_HttpsSelfSigned_NotVerified()
    {
        var result = await prober.ProbeAsync(HttpGet($"\"path\":\"/ok\",\"port\":{server.HttpsPort},\"scheme\":\"HTTPS\""), Target(), Timeout, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task ProbeAsync_NamedPortAndHeaders_ResolvedAndSent()
    {
        var spec = (JsonObject)JsonNode.Parse($$"""{"ports":[{"name":"http","containerPort":{{server.HttpPort}}}]}""")!;
        var target = ProbeTarget.For("c1", "127.0.0.1", spec);
        var probe = HttpGet("\"path\":\"/ok\",\"port\":\"http\",\"httpHeaders\":[{\"name\":\"Host\",\"value\":\"example.test\"},{\"name\":\"X-Custom\",\"value\":\"yes\"}]");

        var result = await prober.ProbeAsync(probe, target, Timeout, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("example.test", lastHost);
        Assert.Equal("yes", lastCustom);
        Assert.Equal("kube-probe/1.32", lastUserAgent);
    }

    [Fact]
    public async Task ProbeAsync_UnknownNamedPort_Fails()
    {
        var result = await prober.ProbeAsync(HttpGet("\"path\":\"/ok\",\"port\":\"metrics\""), Target(), Timeout, CancellationToken.None);
        Assert.Equal(ProbeResult.Failed("couldn't find port: metrics"), result);
    }

    [Fact]
    public async Task ProbeAsync_HttpGetSlowerThanTimeout_FailsWithDeadline()
    {
        var result = await prober.ProbeAsync(HttpGet($"\"path\":\"/slow\",\"port\":{server.HttpPort}"), Target(), TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.Contains("context deadline exceeded", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_TcpSocketOpen_Succeeds()
    {
        var probe = TcpSocket(server.HttpPort);
        Assert.True((await prober.ProbeAsync(probe, Target(), Timeout, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task ProbeAsync_TcpSocketClosed_FailsWithDialError()
    {
        var port = ClosedPort();
        var probe = TcpSocket(port);

        var result = await prober.ProbeAsync(probe, Target(), Timeout, CancellationToken.None);

        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.StartsWith($"dial tcp 127.0.0.1:{port}: connect: ", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_HttpGetConnectionRefused_Fails()
    {
        var result = await prober.ProbeAsync(HttpGet($"\"path\":\"/\",\"port\":{ClosedPort()}"), Target(), Timeout, CancellationToken.None);
        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.StartsWith("Get \"http://127.0.0.1:", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildUrl_Ipv6AndPathWithoutSlash_Bracketed()
    {
        var url = HttpGetProbe.BuildUrl((JsonObject)JsonNode.Parse("""{"path":"healthz"}""")!, new ProbeTarget("c", "fd00::5"), 8080);
        Assert.Equal("http://[fd00::5]:8080/healthz", url.ToString());
    }

    private static ProbeTarget Target() => new("c1", "127.0.0.1");

    private static JsonObject HttpGet(string fields) => (JsonObject)JsonNode.Parse($"{{\"httpGet\":{{{fields}}}}}")!;

    private static JsonObject TcpSocket(int port) => new() { ["tcpSocket"] = new JsonObject { ["port"] = port } };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        lastUserAgent = context.Request.Headers.UserAgent;
        lastHost = context.Request.Host.Value;
        lastCustom = context.Request.Headers["X-Custom"];
        switch (path)
        {
            case "/ok":
                await context.Response.WriteAsync("fine");
                break;
            case var p when p.StartsWith("/status/", StringComparison.Ordinal):
                context.Response.StatusCode = int.Parse(p["/status/".Length..], System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "/redirect-same":
                context.Response.Redirect("/ok");
                break;
            case "/redirect-to-fail":
                context.Response.Redirect("/status/500");
                break;
            case "/redirect-elsewhere":
                context.Response.Redirect("http://other.invalid/x");
                break;
            case "/loop":
                context.Response.Redirect("/loop");
                break;
            case "/slow":
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }
}
