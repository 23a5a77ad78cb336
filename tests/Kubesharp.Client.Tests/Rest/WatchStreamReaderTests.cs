using System.IO.Pipelines;
using System.Text;
using Kubesharp.Client.Rest;

namespace Kubesharp.Client.Tests.Rest;

public sealed class WatchStreamReaderTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task<List<WatchEvent>> ReadAllAsync(Stream body)
    {
        var events = new List<WatchEvent>();
        await foreach (var e in WatchStreamReader.ReadAsync(body, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task ReadAsync_AllEventTypes_Parsed()
    {
        const string text = """
            {"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"1"}}}
            {"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"2"}}}
            {"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"3"}}}
            {"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}
            {"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"}}

            """;
        var events = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted, WatchEventType.Bookmark, WatchEventType.Error], events.Select(e => e.Type));
        Assert.Equal("9", events[3].ResourceVersion);
        Assert.True(ApiException.FromStatus(events[4].Body, 500).IsGone);
        Assert.Null(events[0].Body.Parent); // detached from the envelope
    }

    [Fact]
    public async Task ReadAsync_FramesSplitAcrossWrites_YieldedAsSoonAsComplete()
    {
        var pipe = new Pipe();
        var reader = WatchStreamReader.ReadAsync(pipe.Reader.AsStream(), Ct).GetAsyncEnumerator(Ct);
        var frame = Encoding.UTF8.GetBytes("""{"type":"ADDED","object":{"metadata":{"name":"a\"}{"}}}""" + "\n");
        var next = reader.MoveNextAsync().AsTask();
        // Everything but the closing brace and newline: the object is not complete yet.
        for (var i = 0; i < frame.Length - 2; i++)
        {
            await pipe.Writer.WriteAsync(frame.AsMemory(i, 1), Ct);
            await Task.Yield();
            Assert.False(next.IsCompleted);
        }

        await pipe.Writer.WriteAsync(frame.AsMemory(frame.Length - 2), Ct);
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal("a\"}{", ObjectKeys.Name(reader.Current.Body));

        // Two frames in one write, with no newline between them.
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("""{"type":"ADDED","object":{"metadata":{"name":"b"}}}{"type":"ADDED","object":{"metadata":{"name":"c"}}}"""), Ct);
        Assert.True(await reader.MoveNextAsync());
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal("c", ObjectKeys.Name(reader.Current.Body));
        await pipe.Writer.CompleteAsync();
        Assert.False(await reader.MoveNextAsync());
        await reader.DisposeAsync();
    }

    [Fact]
    public async Task ReadAsync_TruncatedFrame_Throws() =>
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes("""{"type":"ADDED","object":{"""))));

    [Fact]
    public async Task ReadAsync_UnknownType_Throws() =>
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes("""{"type":"WEIRD","object":{}}"""))));
}
