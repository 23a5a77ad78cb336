using System.Net;
using System.Net.Sockets;
using Kubesharp.Dns.Records;
using Kubesharp.Dns.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Dns.Tests.Serving;

public sealed class ForwardingTests
{
    [Fact]
    public async Task Query_OutsideZoneWithUpstream_RelaysTheUpstreamAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var answering = AnswerOnceAsync(upstream, ct);
        var options = new DnsOptions(new IPEndPoint(IPAddress.Loopback, 0)) { Upstream = (IPEndPoint)upstream.LocalEndPoint!, UdpLoops = 1 };
        await using var server = DnsEndpoints.Start(new QueryHandler(new ClusterRecords(options), options), options, NullLogger.Instance);

        var response = await TestDnsClient.UdpAsync(server.LocalEndPoint, "example.org", 1, ct);

        Assert.Equal(new TestDnsClient.Rr("example.org", 1, "192.0.2.7"), Assert.Single(response.Answers));
        await answering;
    }

    /// <summary>A fake upstream: answers the first query with one A record, 192.0.2.7.</summary>
    private static async Task AnswerOnceAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        var peer = new SocketAddress(AddressFamily.InterNetwork);
        var n = await socket.ReceiveFromAsync(buffer, SocketFlags.None, peer, cancellationToken);
        var reply = buffer[..n].ToList();
        reply[2] = 0x81;
        reply[3] = 0x80;
        reply[7] = 1;
        reply.AddRange([0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]);
        await socket.SendToAsync(reply.ToArray(), SocketFlags.None, peer, cancellationToken);
    }
}
