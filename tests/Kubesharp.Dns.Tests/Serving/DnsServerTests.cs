using System.Net;
using Kubesharp.Api.Catalog;
using Kubesharp.Testing.Cluster;

namespace Kubesharp.Dns.Tests.Serving;

/// <summary>DnsServer.RunAsync against the real API server: records follow Services and EndpointSlices made through the API.</summary>
public sealed class DnsServerTests
{
    [Fact]
    public async Task RunAsync_ServicesThroughApi_AnsweredAndFollowed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var services = BuiltInResources.Get("", "services");
        await api.Client.CreateAsync(services, "default", Objects.Service("web", "10.43.0.50"), ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var bound = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = DnsServer.RunAsync(api.Client, new DnsOptions(new IPEndPoint(IPAddress.Loopback, 0)), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, bound.SetResult, stop.Token);
        var server = await bound.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal("10.43.0.50", Assert.Single((await TestDnsClient.UdpAsync(server, "web.default.svc.cluster.local", 1, ct)).Answers).Data);

        await api.Client.CreateAsync(services, "default", Objects.Service("db", "None", "pg", 5432), ct);
        await api.Client.CreateAsync(BuiltInResources.Get("discovery.k8s.io", "endpointslices"), "default", Objects.Slice("db", "pg", 5432, ("10.42.0.7", "db-0", true)), ct);
        var answer = "";
        for (var i = 0; i < 100 && answer != "10.42.0.7"; i++)
        {
            await Task.Delay(50, ct);
            var answers = (await TestDnsClient.UdpAsync(server, "db-0.db.default.svc.cluster.local", 1, ct)).Answers;
            answer = answers.Count > 0 ? answers[0].Data : "";
        }

        Assert.Equal("10.42.0.7", answer);

        await api.Client.DeleteAsync(services, "default", "web", null, ct);
        var rcode = 0;
        for (var i = 0; i < 100 && rcode != 3; i++)
        {
            await Task.Delay(50, ct);
            rcode = (await TestDnsClient.UdpAsync(server, "web.default.svc.cluster.local", 1, ct)).Rcode;
        }

        Assert.Equal(3, rcode);
        await stop.CancelAsync();
        await running;
    }
}
