using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Probes;
using Kubesharp.Kubelet.Probes.GrpcHealth;
using Kubesharp.Kubelet.Tests.Fakes;
using ServingStatus = Kubesharp.Kubelet.Probes.GrpcHealth.HealthCheckResponse.Types.ServingStatus;

namespace Kubesharp.Kubelet.Tests.Probes;

/// <summary>grpc probes (grpc.health.v1.Health/Check) through the prober against a real gRPC health server on loopback.</summary>
public sealed class GrpcProbeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private readonly Prober prober = new(new FakeRuntimeService());
    private LoopbackGrpcHealthServer server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        server = await LoopbackGrpcHealthServer.StartAsync();
        server.Statuses[""] = ServingStatus.Serving;
        server.Statuses["web"] = ServingStatus.Serving;
        server.Statuses["sick"] = ServingStatus.NotServing;
        server.Statuses["slow"] = ServingStatus.Serving;
    }

    public async ValueTask DisposeAsync()
    {
        prober.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task ProbeAsync_NoService_AsksTheServerAsAWhole()
    {
        var result = await prober.ProbeAsync(Grpc(server.Port), Target(), Timeout, Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([""], server.Asked);
    }

    [Fact]
    public async Task ProbeAsync_ServingService_SuccessForThatService()
    {
        var result = await prober.ProbeAsync(Grpc(server.Port, "web"), Target(), Timeout, Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["web"], server.Asked);
    }

    [Fact]
    public async Task ProbeAsync_NotServing_FailsNamingTheStatus()
    {
        var result = await prober.ProbeAsync(Grpc(server.Port, "sick"), Target(), Timeout, Ct);

        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.Equal("service unhealthy (responded with \"NOT_SERVING\")", result.Message);
    }

    [Fact]
    public async Task ProbeAsync_UnknownService_FailsWithTheRpcError()
    {
        var result = await prober.ProbeAsync(Grpc(server.Port, "nobody"), Target(), Timeout, Ct);

        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.Equal("error: health rpc probe failed: rpc error: code = NotFound desc = unknown service", result.Message);
    }

    [Fact]
    public async Task ProbeAsync_ServerWithoutHealthService_SaysItIsNotImplemented()
    {
        var result = await prober.ProbeAsync(Grpc(server.Port, "no-health"), Target(), Timeout, Ct);

        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.Equal("error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health", result.Message);
    }

    [Fact]
    public async Task ProbeAsync_AnswerSlowerThanTimeout_FailsAsTimeout()
    {
        // One probe first, so the slow one's connection is not still being set up (first use in the process) when its deadline passes.
        Assert.True((await prober.ProbeAsync(Grpc(server.Port, "web"), Target(), Timeout, Ct)).Succeeded);

        var result = await prober.ProbeAsync(Grpc(server.Port, "slow"), Target(), TimeSpan.FromMilliseconds(500), Ct);

        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.Equal("timeout: health rpc did not complete within 500ms", result.Message);
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_FailsToConnect()
    {
        var port = ClosedPort();

        var result = await prober.ProbeAsync(Grpc(port), Target(), Timeout, Ct);

        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.StartsWith($"error: failed to connect service at \"127.0.0.1:{port}\": ", result.Message, StringComparison.Ordinal);
        Assert.Contains("refused", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "port is required")]
    [InlineData("{\"port\":0}", "invalid port number: 0")]
    [InlineData("{\"port\":70000}", "invalid port number: 70000")]
    public async Task ProbeAsync_BadPort_FailsWithoutCalling(string grpc, string message)
    {
        var handler = new JsonObject { ["grpc"] = JsonNode.Parse(grpc) };

        var result = await prober.ProbeAsync(handler, Target(), Timeout, Ct);

        Assert.Equal(ProbeStatus.Failure, result.Status);
        Assert.Equal(message, result.Message);
        Assert.Empty(server.Asked);
    }

    [Fact]
    public void StatusName_EveryStatus_TheProtocolsEnumName()
    {
        Assert.Equal("UNKNOWN", GrpcProbe.StatusName(ServingStatus.Unknown));
        Assert.Equal("SERVING", GrpcProbe.StatusName(ServingStatus.Serving));
        Assert.Equal("NOT_SERVING", GrpcProbe.StatusName(ServingStatus.NotServing));
        Assert.Equal("SERVICE_UNKNOWN", GrpcProbe.StatusName(ServingStatus.ServiceUnknown));
    }

    private static JsonObject Grpc(int port, string? service = null)
    {
        var grpc = new JsonObject { ["port"] = port };
        if (service is not null)
        {
            grpc["service"] = service;
        }

        return new JsonObject { ["grpc"] = grpc };
    }

    private static ProbeTarget Target() => new("c1", "127.0.0.1");

    /// <summary>A loopback port nobody listens on: bound and released again.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
