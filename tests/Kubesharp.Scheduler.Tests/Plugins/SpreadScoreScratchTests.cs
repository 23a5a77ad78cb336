using Kubesharp.Scheduler.Plugins;

namespace Kubesharp.Scheduler.Tests.Plugins;

public sealed class SpreadScoreScratchTests
{
    [Fact]
    public void Values_Reused_ComeBackClearedForTheAskedLength()
    {
        var scratch = new SpreadScoreScratch();
        var first = scratch.Values(4);
        first.AsSpan().Fill("stale");
        var second = scratch.Values(3);
        Assert.Same(first, second); // reused, not allocated again
        Assert.All(second[..3], v => Assert.Null(v));
        Assert.True(scratch.Values(10).Length >= 10);
    }

    [Fact]
    public void Domains_Reused_AreEmptyAndGrowWithTheCount()
    {
        var scratch = new SpreadScoreScratch();
        var first = scratch.Domains(1);
        first[0].Add("zone-a");
        var grown = scratch.Domains(3);
        Assert.Same(first[0], grown[0]);
        Assert.All(grown[..3], set => Assert.Empty(set));
    }
}
