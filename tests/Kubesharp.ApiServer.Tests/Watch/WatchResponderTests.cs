using System.Text;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Watch;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.ApiServer.Tests.Watch;

public sealed class WatchResponderTests
{
    private const int Objects = 300;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_BurstOfEvents_EveryEventInOrderInFewerWritesThanEvents()
    {
        await using var f = await Registry.ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await using var caches = new WatchCaches(f.Store, NullLoggerFactory.Instance);
        for (var i = 0; i < Objects; i++)
        {
            await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap($"cm-{i:D3}"), WriteOptions.None, Ct);
        }

        // A watch without resourceVersion starts with every existing object as ADDED: a burst that is queued at once.
        var body = new CountingStream();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        var watch = new ResourceWatch(f.Registry, caches, new WatchRequest(Resources.ConfigMaps, "ns1", ObjectFilter.Everything, null));
        await WatchResponder.ServeAsync(context, watch, new WatchResponseOptions(TimeSpan.FromSeconds(2), Bookmarks: false, "ConfigMap", "v1"), Ct);

        var lines = Encoding.UTF8.GetString(body.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Objects, lines.Length);
        Assert.All(lines.Select((line, i) => (line, i)), l => Assert.Contains($"\"name\":\"cm-{l.i:D3}\"", l.line, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.StartsWith("{\"type\":\"ADDED\"", l, StringComparison.Ordinal));

        // Flushed when nothing more waits, not after every event: a flush per event would be a write per event.
        Assert.True(body.Writes < Objects / 2, $"{body.Writes} writes for {Objects} events");
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Writes++;
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }
    }
}
