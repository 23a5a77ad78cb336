using System.Text;
using Kubesharp.Kubelet.Server;

namespace Kubesharp.Kubelet.Tests.Server;

public sealed class LogStreamerTests : IDisposable
{
    private const string Log =
        "2026-12-01T10:00:00.000000001Z stdout F first\n" +
        "2026-12-01T10:00:01.5Z stderr F second\n" +
        "2026-12-01T10:00:02Z stdout P par\n" +
        "2026-12-01T10:00:02.1Z stdout F tial\n" +
        "2026-12-01T10:00:03Z stdout F last\n";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"kubesharp-log-{Guid.NewGuid():N}.log");

    public LogStreamerTests() => File.WriteAllText(_path, Log);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Stream_NoOptions_MessagesOnlyWithPartialLinesJoined()
    {
        Assert.Equal("first\nsecond\npartial\nlast\n", await StreamAsync(new LogRequest()));
    }

    [Fact]
    public async Task Stream_TailTwo_LastTwoFileLines()
    {
        Assert.Equal("tial\nlast\n", await StreamAsync(new LogRequest { TailLines = 2 }));
        Assert.Equal("", await StreamAsync(new LogRequest { TailLines = 0 }));
        Assert.Equal("first\nsecond\npartial\nlast\n", await StreamAsync(new LogRequest { TailLines = 100 }));
    }

    [Fact]
    public async Task Stream_Since_SkipsOlderEntries()
    {
        Assert.Equal("partial\nlast\n", await StreamAsync(new LogRequest { Since = DateTimeOffset.Parse("2026-12-01T10:00:02Z", System.Globalization.CultureInfo.InvariantCulture) }));
    }

    [Fact]
    public async Task Stream_Timestamps_PrefixOncePerLogicalLine()
    {
        var text = await StreamAsync(new LogRequest { Timestamps = true, TailLines = 3 });
        Assert.Equal("2026-12-01T10:00:02Z partial\n2026-12-01T10:00:03Z last\n", text);
    }

    [Fact]
    public async Task Stream_LimitBytes_CutsExactly()
    {
        Assert.Equal("first\nsec", await StreamAsync(new LogRequest { LimitBytes = 9 }));
    }

    [Fact]
    public async Task Stream_FollowUntilStopped_PicksUpAppendedLinesThenEnds()
    {
        var running = true;
        using var output = new MemoryStream();
        var follow = LogStreamer.StreamAsync(_path, new LogRequest { Follow = true, TailLines = 1 }, output, _ => Task.FromResult(running), TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync(_path, "2026-12-01T10:00:04Z stdout F appended\n2026-12-01T10:00:05Z stdout F half-writ", TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(follow.IsCompleted);
        await File.AppendAllTextAsync(_path, "ten\n", TestContext.Current.CancellationToken);
        running = false;
        await follow.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("last\nappended\nhalf-written\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void TryParse_NotCriFormat_False()
    {
        Assert.False(CriLogLine.TryParse("plain text"u8.ToArray(), out _));
        Assert.False(CriLogLine.TryParse("yesterday stdout F x"u8.ToArray(), out _));
        Assert.True(CriLogLine.TryParse("2026-12-01T10:00:00Z stdout F"u8.ToArray(), out var empty));
        Assert.Equal(0, empty.Message.Length);
    }

    private async Task<string> StreamAsync(LogRequest request)
    {
        using var output = new MemoryStream();
        await LogStreamer.StreamAsync(_path, request, output, _ => Task.FromResult(false), TimeSpan.FromMilliseconds(10), TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
