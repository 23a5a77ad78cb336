using System.Text;
using Kubesharp.Kubelet.Volumes;

namespace Kubesharp.Kubelet.Tests.Volumes;

public sealed class AtomicWriterTests : IDisposable
{
    private const UnixFileMode Mode644 = (UnixFileMode)0x1A4;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kubesharp-aw-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static Dictionary<string, FileProjection> Payload(params (string Path, string Text)[] files) =>
        files.ToDictionary(f => f.Path, f => new FileProjection(Encoding.UTF8.GetBytes(f.Text), Mode644));

    private string Version() => new FileInfo(Path.Combine(_dir, "..data")).LinkTarget!;

    [Fact]
    public void Write_Fresh_PublishesThroughDataLinkAndKeyLinks()
    {
        Assert.True(AtomicWriter.Write(_dir, Payload(("a", "1"), ("sub/b", "2"))));

        Assert.StartsWith("..", Version(), StringComparison.Ordinal);
        Assert.Equal("..data/a", new FileInfo(Path.Combine(_dir, "a")).LinkTarget);
        Assert.Equal("..data/sub", new FileInfo(Path.Combine(_dir, "sub")).LinkTarget);
        Assert.Equal("1", File.ReadAllText(Path.Combine(_dir, "a")));
        Assert.Equal("2", File.ReadAllText(Path.Combine(_dir, "sub", "b")));
        Assert.Equal(Mode644, File.GetUnixFileMode(Path.Combine(_dir, Version(), "a")));
    }

    [Fact]
    public void Write_SamePayload_LeavesVersionAlone()
    {
        AtomicWriter.Write(_dir, Payload(("a", "1")));
        var first = Version();

        Assert.False(AtomicWriter.Write(_dir, Payload(("a", "1"))));
        Assert.Equal(first, Version());
    }

    [Fact]
    public void Write_Changed_SwitchesVersionRemovesStaleKeysAndOldDirectory()
    {
        AtomicWriter.Write(_dir, Payload(("a", "1"), ("gone", "x")));
        var first = Version();

        Assert.True(AtomicWriter.Write(_dir, Payload(("a", "2"), ("new", "y"))));

        Assert.NotEqual(first, Version());
        Assert.Equal("2", File.ReadAllText(Path.Combine(_dir, "a")));
        Assert.Equal("y", File.ReadAllText(Path.Combine(_dir, "new")));
        Assert.False(Path.Exists(Path.Combine(_dir, "gone")));
        Assert.False(Directory.Exists(Path.Combine(_dir, first)));
        Assert.Equal(new[] { "..data", "a", "new", Version() }.Order(StringComparer.Ordinal), Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Write_ModeChangeOnly_IsANewVersion()
    {
        AtomicWriter.Write(_dir, Payload(("a", "1")));

        Assert.True(AtomicWriter.Write(_dir, new Dictionary<string, FileProjection> { ["a"] = new(Encoding.UTF8.GetBytes("1"), UnixFileMode.UserRead) }));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(_dir, Version(), "a")));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("..hidden")]
    public void Write_BadPath_Throws(string path)
    {
        Assert.Throws<ArgumentException>(() => AtomicWriter.Write(_dir, Payload((path, "x"))));
        Assert.False(Path.Exists(Path.Combine(_dir, "..data")));
    }
}
