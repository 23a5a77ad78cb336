using System.Net;
using Kubesharp.Dns.Records;
using Kubesharp.Dns.Serving;

namespace Kubesharp.Dns.Tests.Serving;

public sealed class QueryHandlerTests
{
    private static QueryHandler Handler()
    {
        var options = new DnsOptions(new IPEndPoint(IPAddress.Loopback, 0));
        var records = new ClusterRecords(options);
        for (var i = 0; i < 40; i++)
        {
            records.SetSlice(Objects.Slice("big", "p", 80, Enumerable.Range(1, 40).Select(n => ($"10.42.9.{n}", (string?)null, true)).ToArray()));
        }

        records.SetService(Objects.Service("big", "None", "p"));
        records.SetService(Objects.Service("web", "10.43.0.50"));
        return new QueryHandler(records, options);
    }

    [Fact]
    public void Handle_AnswerOver512Bytes_TruncatesForUdp()
    {
        var response = new byte[512];
        var length = Handler().Handle(TestDnsClient.Query("big.default.svc.cluster.local", 1), response);

        var decoded = TestDnsClient.Decode(response.AsSpan(0, length), 0x1234);
        Assert.True(decoded.Truncated);
        Assert.Empty(decoded.Answers);

        var large = new byte[65535];
        var full = TestDnsClient.Decode(large.AsSpan(0, Handler().Handle(TestDnsClient.Query("big.default.svc.cluster.local", 1), large)), 0x1234);
        Assert.Equal(40, full.Answers.Count);
    }

    [Fact]
    public void Handle_Garbage_DroppedOrFormErr()
    {
        var response = new byte[512];
        var handler = Handler();

        Assert.Equal(0, handler.Handle(new byte[5], response));
        var query = TestDnsClient.Query("web.default.svc.cluster.local", 1);
        query[5] = 2; // two questions
        Assert.Equal(12, handler.Handle(query, response));
        Assert.Equal(1, response[3] & 0x0F);
    }

    [Fact]
    public void Handle_CacheHit_DoesNotAllocate()
    {
        var handler = Handler();
        var query = TestDnsClient.Query("web.default.svc.cluster.local", 1);
        var response = new byte[512];
        handler.Handle(query, response);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            handler.Handle(query, response);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
