using Kubesharp.Controllers.CronJobs;

namespace Kubesharp.Controllers.Tests.CronJobs;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 10, 7, 30, TimeSpan.Zero); // a Thursday

    [Theory]
    [InlineData("*/15 * * * *", "2026-01-01T10:15:00+00:00")]
    [InlineData("0 * * * *", "2026-01-01T11:00:00+00:00")]
    [InlineData("@hourly", "2026-01-01T11:00:00+00:00")]
    [InlineData("30 9 * * *", "2026-01-02T09:30:00+00:00")]
    [InlineData("0 0 1 FEB *", "2026-02-01T00:00:00+00:00")]
    [InlineData("0 12 * * MON-FRI", "2026-01-01T12:00:00+00:00")]
    [InlineData("0 12 * * SAT,SUN", "2026-01-03T12:00:00+00:00")]
    [InlineData("0 0 13 * 5", "2026-01-02T00:00:00+00:00")] // day 13 OR Friday: Friday the 2nd comes first
    [InlineData("5-10/5 10 * * *", "2026-01-01T10:10:00+00:00")]
    public void Next_StandardSyntax_AsCron(string schedule, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronSchedule.Parse(schedule).Next(Start, TimeZoneInfo.Utc));

    [Fact]
    public void Next_InATimeZone_IsThatZonesWallClock()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var next = CronSchedule.Parse("0 9 * * *").Next(Start, zone);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 8, 0, 0, TimeSpan.Zero), next!.Value.ToUniversalTime());
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("60 * * * *")]
    [InlineData("* * * FOO *")]
    [InlineData("5-1 * * * *")]
    public void Parse_BadSchedule_SaysWhy(string schedule) =>
        Assert.Throws<FormatException>(() => CronSchedule.Parse(schedule));

    [Fact]
    public void LatestDue_ManyMissed_ReturnsTheLastAndTheCount()
    {
        var (due, count) = CronJobController.LatestDue(CronSchedule.Parse("*/10 * * * *"), TimeZoneInfo.Utc, Start, Start.AddHours(1));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 11, 0, 0, TimeSpan.Zero), due);
        Assert.Equal(6, count);
    }
}
