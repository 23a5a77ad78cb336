using Kubesharp.Kubelet.Volumes;

namespace Kubesharp.Kubelet.Tests.Volumes;

[Trait("Category", "Runtime")]
public sealed class TmpfsTests : IDisposable
{
    private readonly VolumeHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task SetUpAsync_MemoryMedium_TmpfsWithSizeLimitUnmountedOnTearDown()
    {
        Assert.SkipUnless(File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:\t0\t", StringComparison.Ordinal)), "mounting tmpfs needs root; run the tests as root");

        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod("""{"name":"cache","emptyDir":{"medium":"Memory","sizeLimit":"8Mi"}}"""), VolumeHarness.Ct);
        var dir = set.Volumes["cache"].HostPath;
        var mount = File.ReadLines("/proc/self/mounts").Select(l => l.Split(' ')).SingleOrDefault(f => f[1] == dir);
        await _h.Volumes.SetUpAsync(VolumeHarness.Pod("""{"name":"cache","emptyDir":{"medium":"Memory","sizeLimit":"8Mi"}}"""), VolumeHarness.Ct);
        var mountsAfterSecondSetUp = File.ReadLines("/proc/self/mounts").Count(l => l.Split(' ')[1] == dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "f"), "x", VolumeHarness.Ct);

        await _h.Volumes.TearDownAsync("u-1", VolumeHarness.Ct);

        Assert.NotNull(mount);
        Assert.Equal("tmpfs", mount[2]);
        Assert.Contains("size=8192k", mount[3], StringComparison.Ordinal);
        Assert.Equal(1, mountsAfterSecondSetUp);
        Assert.DoesNotContain(File.ReadLines("/proc/self/mounts"), l => l.Split(' ')[1].StartsWith(_h.Root, StringComparison.Ordinal));
        Assert.False(Directory.Exists(dir));
    }
}
