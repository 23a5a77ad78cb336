using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Tests.Support;
using Kubesharp.Testing.Time;

namespace Kubesharp.Controllers.Tests.Common;

public sealed class ExpectationsTests
{
    [Fact]
    public void Satisfied_UntilEveryCreationObserved_False()
    {
        var expectations = new Expectations(new ManualTime());
        expectations.Expect("default/web", 2);

        expectations.CreationObserved("default/web");
        Assert.False(expectations.Satisfied("default/web"));
        expectations.CreationObserved("default/web");
        Assert.True(expectations.Satisfied("default/web"));
        Assert.True(expectations.Satisfied("default/other")); // nothing expected
    }

    [Fact]
    public void DeletionObserved_SamePodTwice_CountsOnce()
    {
        var expectations = new Expectations(new ManualTime());
        expectations.Expect("default/web", 0, ["default/web-a", "default/web-b"]);

        // Terminating, then gone: two events for one pod.
        expectations.DeletionObserved("default/web", "default/web-a");
        expectations.DeletionObserved("default/web", "default/web-a");
        Assert.False(expectations.Satisfied("default/web"));
        expectations.DeletionObserved("default/web", "default/web-b");
        Assert.True(expectations.Satisfied("default/web"));
    }

    [Fact]
    public void Satisfied_EventsNeverCome_TrueAfterTimeout()
    {
        var clock = new ManualTime();
        var expectations = new Expectations(clock);
        expectations.Expect("default/web", 1);

        clock.Advance(Expectations.Timeout);
        Assert.False(expectations.Satisfied("default/web"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(expectations.Satisfied("default/web"));
    }
}
