using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Probes;
using Kubesharp.Kubelet.Tests.Fakes;

namespace Kubesharp.Kubelet.Tests.Probes;

/// <summary>The busybox gRPC health responder the runtime tests put in a pod, checked here with the real prober on loopback.</summary>
public sealed class BusyboxGrpcHealthTests
{
    [Theory]
    [InlineData(1, true, "")]
    [InlineData(2, false, "service unhealthy (responded with \"NOT_SERVING\")")]
    public async Task ProbeAsync_BusyboxResponder_AnswersWithItsStatusEveryTime(int status, bool succeeds, string message)
    {
        Assert.SkipUnless(File.Exists("/bin/busybox"), "busybox-static missing; run scripts/install-deps.sh");
        var ct = TestContext.Current.CancellationToken;
        var (server, port) = BusyboxGrpcHealth.StartOnLoopback(status);
        using var prober = new Prober(new FakeRuntimeService());
        try
        {
            await WaitListeningAsync(port, ct);
            var handler = new JsonObject { ["grpc"] = new JsonObject { ["port"] = port, ["service"] = "any" } };
            for (var i = 0; i < 3; i++)
            {
                // Three probes: each on its own connection, as the kubelet's, and nc serves them one after another.
                var result = await prober.ProbeAsync(handler, new ProbeTarget("c1", "127.0.0.1"), TimeSpan.FromSeconds(2), ct);
                Assert.Equal((succeeds, message), (result.Succeeded, result.Message));
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
            File.Delete($"/tmp/kubesharp-grpc-{port}.sh");
        }
    }

    private static async Task WaitListeningAsync(int port, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, ct);
                return; // that connection got the canned answer and is closed again; nc listens on
            }
            catch (SocketException) when (attempt < 50)
            {
                await Task.Delay(100, ct);
            }
        }
    }
}
