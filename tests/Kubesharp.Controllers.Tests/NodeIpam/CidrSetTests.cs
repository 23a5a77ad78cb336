using System.Net;
using Kubesharp.Controllers.NodeIpam;

namespace Kubesharp.Controllers.Tests.NodeIpam;

public sealed class CidrSetTests
{
    private static IPNetwork Net(string text) => IPNetwork.Parse(text);

    [Fact]
    public void TryAllocate_DefaultClusterCidr_HandsOutConsecutiveSlash24sStartingAtTheBase()
    {
        var set = new CidrSet(Net("10.42.0.0/16"), 24);

        Assert.True(set.TryAllocate(out var first));
        Assert.True(set.TryAllocate(out var second));

        Assert.Equal("10.42.0.0/24", first.ToString());
        Assert.Equal("10.42.1.0/24", second.ToString());
        Assert.Equal(256, set.Capacity);
        Assert.Equal(2, set.Used);
    }

    [Fact]
    public void TryAllocate_AllTaken_ReturnsFalseUntilOneIsReleased()
    {
        var set = new CidrSet(Net("10.42.0.0/22"), 24);
        var given = new List<string>();
        while (set.TryAllocate(out var cidr))
        {
            given.Add(cidr.ToString());
        }

        Assert.Equal(["10.42.0.0/24", "10.42.1.0/24", "10.42.2.0/24", "10.42.3.0/24"], given);
        Assert.True(set.Release(Net("10.42.2.0/24")));
        Assert.True(set.TryAllocate(out var again));
        Assert.Equal("10.42.2.0/24", again.ToString());
        Assert.False(set.TryAllocate(out _));
    }

    [Fact]
    public void TryAllocate_AfterRelease_ContinuesRoundRobinBeforeReusingTheFreedRange()
    {
        var set = new CidrSet(Net("10.42.0.0/16"), 24);
        set.TryAllocate(out var first);
        set.Release(first);

        Assert.True(set.TryAllocate(out var next));

        Assert.Equal("10.42.1.0/24", next.ToString());
    }

    [Fact]
    public void Occupy_RangesReadBack_AreNeverAllocatedAgain()
    {
        var set = new CidrSet(Net("10.42.0.0/16"), 24);
        Assert.True(set.Occupy(Net("10.42.0.0/24")));
        Assert.True(set.Occupy(Net("10.42.2.0/24")));

        var given = Enumerable.Range(0, 3).Select(_ => set.TryAllocate(out var c) ? c.ToString() : "none").ToList();

        Assert.Equal(["10.42.1.0/24", "10.42.3.0/24", "10.42.4.0/24"], given);
    }

    [Fact]
    public void Occupy_LargerRange_MarksEveryNodeRangeItCovers()
    {
        var set = new CidrSet(Net("10.42.0.0/16"), 24);

        Assert.True(set.Occupy(Net("10.42.0.0/23")));

        Assert.Equal(2, set.Used);
        Assert.True(set.TryAllocate(out var next));
        Assert.Equal("10.42.2.0/24", next.ToString());
    }

    [Theory]
    [InlineData("10.128.0.0/24")]
    [InlineData("10.0.0.0/8")]
    [InlineData("fd00::/64")]
    public void Occupy_OutsideTheClusterCidr_ReturnsFalseAndTakesNothing(string cidr)
    {
        var set = new CidrSet(Net("10.42.0.0/16"), 24);

        Assert.False(set.Occupy(Net(cidr)));
        Assert.Equal(0, set.Used);
    }

    [Theory]
    [InlineData("10.42.0.0/16", 15)]
    [InlineData("10.42.0.0/16", 33)]
    [InlineData("10.0.0.0/8", 28)]
    [InlineData("fd00::/48", 64)]
    public void Constructor_BadMaskOrFamily_ThrowsArgumentException(string cluster, int mask) =>
        Assert.Throws<ArgumentException>(() => new CidrSet(Net(cluster), mask));

    [Fact]
    public void TryAllocate_Slash26NodeRanges_AlignedAndDistinct()
    {
        var set = new CidrSet(Net("192.168.0.0/24"), 26);
        var given = new List<string>();
        while (set.TryAllocate(out var cidr))
        {
            given.Add(cidr.ToString());
        }

        Assert.Equal(["192.168.0.0/26", "192.168.0.64/26", "192.168.0.128/26", "192.168.0.192/26"], given);
    }
}
