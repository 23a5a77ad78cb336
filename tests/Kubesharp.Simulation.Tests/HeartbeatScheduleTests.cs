namespace Kubesharp.Simulation.Tests;

public sealed class HeartbeatScheduleTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Due_OneTickAtATime_SpreadsNodesOverTheIntervalSlots()
    {
        var schedule = new HeartbeatSchedule(25, TimeSpan.FromSeconds(1), Tick); // 10 slots

        Assert.Equal([0, 10, 20], schedule.Due(TimeSpan.Zero));
        Assert.Equal([1, 11, 21], schedule.Due(Tick));
        Assert.Equal([2, 12, 22], schedule.Due(Tick * 2.5));
    }

    [Fact]
    public void Due_LoopFellBehind_CatchesUpTheSlotsItMissed()
    {
        var schedule = new HeartbeatSchedule(10, TimeSpan.FromSeconds(1), Tick);
        Assert.Equal([0], schedule.Due(TimeSpan.Zero));

        Assert.Equal([1, 2, 3], schedule.Due(Tick * 3));
    }

    [Fact]
    public void Due_StalledLongerThanAnInterval_RenewsEachNodeOnce()
    {
        var schedule = new HeartbeatSchedule(10, TimeSpan.FromSeconds(1), Tick);
        schedule.Due(TimeSpan.Zero);
        schedule.Done(0);

        var due = schedule.Due(TimeSpan.FromSeconds(5));

        Assert.Equal(Enumerable.Range(0, 10), due.Order());
    }

    [Fact]
    public void Due_RenewalStillInFlight_SkipsTheNodeUntilDone()
    {
        var schedule = new HeartbeatSchedule(2, TimeSpan.FromMilliseconds(200), Tick); // 2 slots
        Assert.Equal([0], schedule.Due(TimeSpan.Zero));
        Assert.Equal([1], schedule.Due(Tick));

        Assert.Empty(schedule.Due(Tick * 2)); // node 0's first renewal has not come back
        schedule.Done(0);
        Assert.Empty(schedule.Due(Tick * 2)); // its slot for this tick has passed
        Assert.Equal([0], schedule.Due(Tick * 4));
    }

    [Fact]
    public void Due_SameTickAgain_ReturnsNothing()
    {
        var schedule = new HeartbeatSchedule(4, TimeSpan.FromMilliseconds(400), Tick);
        schedule.Due(Tick);

        Assert.Empty(schedule.Due(Tick * 1.5));
    }
}
