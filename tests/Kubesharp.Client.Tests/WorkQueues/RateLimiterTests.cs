using Kubesharp.Client.Tests.Fakes;
using Kubesharp.Client.WorkQueues;

namespace Kubesharp.Client.Tests.WorkQueues;

public sealed class RateLimiterTests
{
    [Fact]
    public void ExponentialFailure_DoublesFrom5msAndCapsAt1000s()
    {
        var limiter = RateLimiters.ExponentialFailure(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("b"));
        Assert.Equal(3, limiter.NumRequeues("a"));
        for (var i = 0; i < 100; i++)
        {
            limiter.When("a");
        }

        Assert.Equal(TimeSpan.FromSeconds(1000), limiter.When("a"));
        limiter.Forget("a");
        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
    }

    [Fact]
    public void TokenBucket_BurstThenSpacedAtTheRate()
    {
        var time = new FakeTimeProvider();
        var limiter = RateLimiters.TokenBucket(10, 3, time);
        Assert.Equal(TimeSpan.Zero, limiter.When("a"));
        Assert.Equal(TimeSpan.Zero, limiter.When("b"));
        Assert.Equal(TimeSpan.Zero, limiter.When("c"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("d"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.When("e"));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, limiter.When("f"));
    }

    [Fact]
    public void DefaultController_TakesTheLongerOfBackoffAndBucket()
    {
        var time = new FakeTimeProvider();
        var limiter = RateLimiters.DefaultController(time);
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("a"));
        Assert.Equal(2, limiter.NumRequeues("a"));

        // After the 100-token burst is spent, the 10 qps bucket dominates a fresh key's 5 ms.
        for (var i = 0; i < 98; i++)
        {
            limiter.When("k" + i);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("fresh"));
    }
}
