using Kubesharp.Kubelet.Pods;
using Kubesharp.Kubelet.Tests.Fakes;
using Kubesharp.Testing.Time;

namespace Kubesharp.Kubelet.Tests.Pods;

public sealed class BackOffTests
{
    [Fact]
    public void Next_RepeatedFailures_DoublesFromTenSecondsToFiveMinutes()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch.AddDays(1));
        var backOff = BackOff.ForContainers(time);

        Assert.False(backOff.IsInBackOffSince("u/c", time.GetUtcNow()));
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            backOff.Next("u/c");
            delays.Add(backOff.Delay("u/c"));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([10, 20, 40, 80, 160, 300, 300], delays.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public void IsInBackOffSince_WithinAndAfterDelay_TrueThenFalse()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch.AddDays(1));
        var backOff = BackOff.ForContainers(time);
        backOff.Next("u/c");
        var finished = time.GetUtcNow();

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.True(backOff.IsInBackOffSince("u/c", finished));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(backOff.IsInBackOffSince("u/c", finished));
    }

    [Fact]
    public void Next_AfterTenQuietMinutes_StartsOver()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch.AddDays(1));
        var backOff = BackOff.ForContainers(time);
        backOff.Next("u/c");
        backOff.Next("u/c");
        Assert.Equal(TimeSpan.FromSeconds(20), backOff.Delay("u/c"));

        time.Advance(TimeSpan.FromMinutes(11));
        backOff.Next("u/c");

        Assert.Equal(TimeSpan.FromSeconds(10), backOff.Delay("u/c"));
    }

    [Fact]
    public void Forget_PodPrefix_RemovesOnlyThatPod()
    {
        var backOff = BackOff.ForContainers(TimeProvider.System);
        backOff.Next("u1/c");
        backOff.Next("u2/c");

        backOff.Forget("u1/");

        Assert.Equal(TimeSpan.Zero, backOff.Delay("u1/c"));
        Assert.Equal(TimeSpan.FromSeconds(10), backOff.Delay("u2/c"));
    }
}
