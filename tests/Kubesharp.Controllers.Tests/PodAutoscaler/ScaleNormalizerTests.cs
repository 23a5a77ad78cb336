using System.Text.Json.Nodes;
using Kubesharp.Controllers.PodAutoscaler;
using Kubesharp.Controllers.Tests.Support;
using Kubesharp.Testing.Time;

namespace Kubesharp.Controllers.Tests.PodAutoscaler;

public sealed class ScaleNormalizerTests
{
    private readonly ManualTime _clock = new();

    [Fact]
    public void Normalize_ScaleDownWithoutBehavior_WaitsOutTheStabilizationWindow()
    {
        var normalizer = new ScaleNormalizer(_clock, TimeSpan.FromMinutes(5));
        var spec = Spec(min: 1, max: 10);
        normalizer.RecordInitial("default/web", 5);
        var conditions = Conditions();

        Assert.Equal(5, normalizer.Normalize("default/web", spec, 5, 2, conditions));
        Assert.Equal("ScaleDownStabilized", conditions.Reason("AbleToScale"));

        _clock.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal(2, normalizer.Normalize("default/web", spec, 5, 2, conditions));
        Assert.Equal("ReadyForNewScale", conditions.Reason("AbleToScale"));
    }

    [Theory]
    [InlineData(1, 10, 20, 4, "ScaleUpLimit")] // max(2 × 1, 4)
    [InlineData(4, 10, 5, 5, "TooManyReplicas")]
    [InlineData(3, 5, 10, 5, "DesiredWithinRange")]
    public void Normalize_ScaleUpWithoutBehavior_DoubleOrFourAndMax(int current, int proposed, int max, int expected, string reason)
    {
        var normalizer = new ScaleNormalizer(_clock, TimeSpan.FromMinutes(5));
        var conditions = Conditions();

        Assert.Equal(expected, normalizer.Normalize("k", Spec(1, max), current, proposed, conditions));
        Assert.Equal(reason, conditions.Reason("ScalingLimited"));
    }

    [Fact]
    public void Normalize_ScaleDownPodsPolicy_OnePodPerPeriodCountingEarlierChanges()
    {
        var normalizer = new ScaleNormalizer(_clock, TimeSpan.FromMinutes(5));
        var spec = Spec(1, 10, new JsonObject
        {
            ["scaleDown"] = new JsonObject
            {
                ["stabilizationWindowSeconds"] = 0,
                ["policies"] = new JsonArray(new JsonObject { ["type"] = "Pods", ["value"] = 1, ["periodSeconds"] = 60 }),
            },
        });
        var conditions = Conditions();

        Assert.Equal(9, normalizer.Normalize("k", spec, 10, 2, conditions));
        Assert.Equal("ScaleDownLimit", conditions.Reason("ScalingLimited"));
        normalizer.RecordScale("k", spec, 10, 9);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(9, normalizer.Normalize("k", spec, 9, 2, conditions)); // the period's one pod is used up
        _clock.Advance(TimeSpan.FromSeconds(55));
        Assert.Equal(8, normalizer.Normalize("k", spec, 9, 2, conditions));
    }

    [Theory]
    [InlineData("Max", 8)] // the larger of +2 pods and +100%
    [InlineData("Min", 6)]
    [InlineData("Disabled", 4)]
    public void Normalize_ScaleUpSelectPolicy_PicksAmongPolicies(string select, int expected)
    {
        var normalizer = new ScaleNormalizer(_clock, TimeSpan.FromMinutes(5));
        var spec = Spec(1, 100, new JsonObject
        {
            ["scaleUp"] = new JsonObject
            {
                ["selectPolicy"] = select,
                ["policies"] = new JsonArray(
                    new JsonObject { ["type"] = "Pods", ["value"] = 2, ["periodSeconds"] = 15 },
                    new JsonObject { ["type"] = "Percent", ["value"] = 100, ["periodSeconds"] = 15 }),
            },
        });

        Assert.Equal(expected, normalizer.Normalize("k", spec, 4, 50, Conditions()));
    }

    [Fact]
    public void Normalize_ScaleUpStabilizationWindow_AppliesTheLowestRecentRecommendation()
    {
        var normalizer = new ScaleNormalizer(_clock, TimeSpan.FromMinutes(5));
        var spec = Spec(1, 100, new JsonObject { ["scaleUp"] = new JsonObject { ["stabilizationWindowSeconds"] = 60 } });
        normalizer.RecordInitial("k", 3);
        var conditions = Conditions();

        Assert.Equal(3, normalizer.Normalize("k", spec, 3, 8, conditions));
        Assert.Equal("ScaleUpStabilized", conditions.Reason("AbleToScale"));

        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(7, normalizer.Normalize("k", spec, 3, 8, conditions)); // default policies: max(+4 pods, +100%)
    }

    private AutoscalerConditions Conditions() => new(null, _clock.GetUtcNow());

    private static AutoscalerSpec Spec(int min, int max, JsonObject? behavior = null)
    {
        var spec = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "web" },
            ["minReplicas"] = min,
            ["maxReplicas"] = max,
        };
        if (behavior is not null)
        {
            spec["behavior"] = behavior;
        }

        return AutoscalerSpec.From(new JsonObject { ["spec"] = spec });
    }
}
