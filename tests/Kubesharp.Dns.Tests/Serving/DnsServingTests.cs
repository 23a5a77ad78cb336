using System.Net;
using Kubesharp.Dns.Records;
using Kubesharp.Dns.Serving;
using Microsoft.Extensions.Logging.Abstractions;
using static Kubesharp.Dns.Tests.TestDnsClient;

namespace Kubesharp.Dns.Tests.Serving;

/// <summary>The server on loopback, answering from objects fed in directly; queried with an independent client.</summary>
public sealed class DnsServingTests : IAsyncLifetime
{
    private readonly ClusterRecords _records = new(new DnsOptions(new IPEndPoint(IPAddress.Loopback, 0)));
    private DnsEndpoints? _server;

    private IPEndPoint Server => _server!.LocalEndPoint;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        var options = new DnsOptions(new IPEndPoint(IPAddress.Loopback, 0)) { UdpLoops = 2 };
        _records.SetService(Objects.Service("web", "10.43.0.50"));
        _records.SetService(Objects.Service("db", "None", "pg", 5432));
        _records.SetSlice(Objects.Slice("db", "pg", 5432, ("10.42.0.7", "db-0", true), ("10.42.0.8", "db-1", true), ("10.42.0.9", "db-2", false)));
        _records.SetService(Objects.Service("plain", "None", null));
        _records.SetSlice(Objects.Slice("plain", null, 8080, ("10.42.1.5", null, true)));
        _records.SetService(Objects.Service("ext", null, type: "ExternalName", externalName: "db.example.com"));
        _server = DnsEndpoints.Start(new QueryHandler(_records, options), options, NullLogger.Instance);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_ClusterIpService_AnswersItsClusterIp()
    {
        var response = await UdpAsync(Server, "web.default.svc.cluster.local", 1, Ct);

        Assert.Equal(0, response.Rcode);
        Assert.True(response.Authoritative);
        Assert.Equal([new Rr("web.default.svc.cluster.local", 1, "10.43.0.50")], response.Answers);
    }

    [Fact]
    public async Task A_MixedCaseName_AnswersCaseInsensitively()
    {
        var response = await UdpAsync(Server, "WEB.Default.svc.Cluster.Local.", 1, Ct);

        Assert.Equal("10.43.0.50", Assert.Single(response.Answers).Data);
    }

    [Fact]
    public async Task A_HeadlessService_AnswersReadyEndpoints()
    {
        var response = await UdpAsync(Server, "db.default.svc.cluster.local", 1, Ct);

        Assert.Equal(["10.42.0.7", "10.42.0.8"], response.Answers.Select(a => a.Data));
    }

    [Fact]
    public async Task A_EndpointHostname_AnswersThatPod()
    {
        var response = await UdpAsync(Server, "db-1.db.default.svc.cluster.local", 1, Ct);

        Assert.Equal("10.42.0.8", Assert.Single(response.Answers).Data);
        Assert.Equal(3, (await UdpAsync(Server, "db-2.db.default.svc.cluster.local", 1, Ct)).Rcode); // not ready: no name
    }

    [Fact]
    public async Task A_EndpointWithoutHostname_IsNamedByDashedAddress()
    {
        var response = await UdpAsync(Server, "10-42-1-5.plain.default.svc.cluster.local", 1, Ct);

        Assert.Equal("10.42.1.5", Assert.Single(response.Answers).Data);
    }

    [Fact]
    public async Task Srv_NamedPortOfHeadlessService_OnePerEndpointWithGlue()
    {
        var response = await UdpAsync(Server, "_pg._tcp.db.default.svc.cluster.local", 33, Ct);

        Assert.Equal(
            ["0 50 5432 db-0.db.default.svc.cluster.local", "0 50 5432 db-1.db.default.svc.cluster.local"],
            response.Answers.Select(a => a.Data));
        Assert.Equal([new Rr("db-0.db.default.svc.cluster.local", 1, "10.42.0.7"), new Rr("db-1.db.default.svc.cluster.local", 1, "10.42.0.8")], response.Additional);
    }

    [Fact]
    public async Task Srv_NamedPortOfClusterIpService_PointsAtTheService()
    {
        var response = await UdpAsync(Server, "_http._tcp.web.default.svc.cluster.local", 33, Ct);

        Assert.Equal(new Rr("_http._tcp.web.default.svc.cluster.local", 33, "0 100 80 web.default.svc.cluster.local"), Assert.Single(response.Answers));
        Assert.Equal(3, (await UdpAsync(Server, "_nope._tcp.web.default.svc.cluster.local", 33, Ct)).Rcode);
    }

    [Fact]
    public async Task Ptr_ServiceAndEndpointAddresses_NameThem()
    {
        Assert.Equal("web.default.svc.cluster.local", Assert.Single((await UdpAsync(Server, "50.0.43.10.in-addr.arpa", 12, Ct)).Answers).Data);
        Assert.Equal("db-0.db.default.svc.cluster.local", Assert.Single((await UdpAsync(Server, "7.0.42.10.in-addr.arpa", 12, Ct)).Answers).Data);
        Assert.Equal(3, (await UdpAsync(Server, "99.99.43.10.in-addr.arpa", 12, Ct)).Rcode);
    }

    [Fact]
    public async Task A_ExternalName_AnswersCname()
    {
        var response = await UdpAsync(Server, "ext.default.svc.cluster.local", 1, Ct);

        Assert.Equal(new Rr("ext.default.svc.cluster.local", 5, "db.example.com"), Assert.Single(response.Answers));
    }

    [Fact]
    public async Task A_UnknownService_NxDomainWithSoa()
    {
        var response = await UdpAsync(Server, "nope.default.svc.cluster.local", 1, Ct);

        Assert.Equal(3, response.Rcode);
        Assert.Empty(response.Answers);
        Assert.Equal(6, Assert.Single(response.Authority).Type);
        Assert.Equal(3, (await UdpAsync(Server, "web.nosuchns.svc.cluster.local", 1, Ct)).Rcode);
        Assert.Equal(3, (await UdpAsync(Server, "nosuchns.svc.cluster.local", 1, Ct)).Rcode);
    }

    [Fact]
    public async Task Aaaa_ExistingService_NoDataWithSoa()
    {
        var response = await UdpAsync(Server, "web.default.svc.cluster.local", 28, Ct);

        Assert.Equal(0, response.Rcode);
        Assert.Empty(response.Answers);
        Assert.Single(response.Authority);
        Assert.Equal(0, (await UdpAsync(Server, "default.svc.cluster.local", 1, Ct)).Rcode); // a namespace with services exists
    }

    [Fact]
    public async Task A_PodName_AnswersTheDashedAddress()
    {
        Assert.Equal("10.42.3.4", Assert.Single((await UdpAsync(Server, "10-42-3-4.default.pod.cluster.local", 1, Ct)).Answers).Data);
    }

    [Fact]
    public async Task A_OutsideZoneWithoutUpstream_Refused()
    {
        var response = await UdpAsync(Server, "example.org", 1, Ct);

        Assert.Equal(5, response.Rcode);
        Assert.False(response.Authoritative);
    }

    [Fact]
    public async Task Tcp_SameAnswersAsUdp()
    {
        var response = await TcpAsync(Server, "_pg._tcp.db.default.svc.cluster.local", 33, Ct);

        Assert.Equal(2, response.Answers.Count);
        Assert.Equal(2, response.Additional.Count);
    }

    [Fact]
    public async Task A_ServiceChanges_CachedAnswerIsReplaced()
    {
        Assert.Equal("10.43.0.50", Assert.Single((await UdpAsync(Server, "web.default.svc.cluster.local", 1, Ct)).Answers).Data);

        _records.SetService(Objects.Service("web", "10.43.0.77"));

        Assert.Equal("10.43.0.77", Assert.Single((await UdpAsync(Server, "web.default.svc.cluster.local", 1, Ct)).Answers).Data);
        _records.RemoveService(Objects.Service("web", "10.43.0.77"));
        Assert.Equal(3, (await UdpAsync(Server, "web.default.svc.cluster.local", 1, Ct)).Rcode);
    }
}
