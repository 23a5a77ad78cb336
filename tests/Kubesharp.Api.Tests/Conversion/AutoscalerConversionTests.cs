using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Conversion;

namespace Kubesharp.Api.Tests.Conversion;

public sealed class AutoscalerConversionTests
{
    private static readonly ResourceType V1 = BuiltInResources.All.Single(r => r.Group == "autoscaling" && r.Version == "v1");
    private static readonly ResourceType V2 = BuiltInResources.All.Single(r => r.Group == "autoscaling" && r.Version == "v2");

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject V2Object(string spec, string status = "{}") => Parse($$"""
        {"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"web","namespace":"ns"},
         "spec":{{spec}},"status":{{status}}}
        """);

    [Fact]
    public void StorageVersion_IsV2ForBothServedVersions()
    {
        Assert.Equal("autoscaling/v2", VersionConversion.StorageApiVersion(V1));
        Assert.Equal("autoscaling/v2", VersionConversion.StorageApiVersion(V2));
        Assert.True(VersionConversion.Converts(V1));
        Assert.False(VersionConversion.Converts(V2));
    }

    [Fact]
    public void FromStorage_V1_CpuMetricBecomesTargetCpuAndStatusCurrentCpu()
    {
        var stored = V2Object(
            """{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":3,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]}""",
            """{"currentReplicas":2,"desiredReplicas":2,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"120m","averageUtilization":42}}}]}""");

        var v1 = VersionConversion.FromStorage(V1, stored);

        Assert.Equal("autoscaling/v1", (string?)v1["apiVersion"]);
        Assert.Equal(50, (int)v1["spec"]!["targetCPUUtilizationPercentage"]!);
        Assert.Equal(3, (int)v1["spec"]!["maxReplicas"]!);
        Assert.Null(v1["spec"]!["metrics"]);
        Assert.Equal(42, (int)v1["status"]!["currentCPUUtilizationPercentage"]!);
        Assert.Equal(2, (int)v1["status"]!["desiredReplicas"]!);
        // The raw current value is kept for the round trip, as upstream does even for cpu.
        var current = JsonNode.Parse((string)v1["metadata"]!["annotations"]![AutoscalerConversion.MetricStatusesAnnotation]!)!;
        Assert.Equal("120m", (string?)current[0]!["resource"]!["currentAverageValue"]);
        Assert.Null(v1["metadata"]!["annotations"]![AutoscalerConversion.MetricSpecsAnnotation]);
        Assert.Equal("autoscaling/v2", (string?)stored["apiVersion"]); // the stored object is untouched
    }

    [Fact]
    public void FromStorage_V1_OtherMetricsAndConditionsGoToAnnotationsInV1Shape()
    {
        var stored = V2Object(
            """{"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}},{"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"10"}}}]}""",
            """{"desiredReplicas":1,"conditions":[{"type":"AbleToScale","status":"True","reason":"ReadyForNewScale"}]}""");

        var v1 = VersionConversion.FromStorage(V1, stored);

        Assert.Null(v1["spec"]!["targetCPUUtilizationPercentage"]);
        var annotations = v1["metadata"]!["annotations"]!;
        var metrics = JsonNode.Parse((string)annotations[AutoscalerConversion.MetricSpecsAnnotation]!)!.AsArray();
        Assert.Equal("""{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}""", metrics[0]!.ToJsonString());
        Assert.Equal("""{"type":"Pods","pods":{"metricName":"qps","targetAverageValue":"10"}}""", metrics[1]!.ToJsonString());
        var conditions = JsonNode.Parse((string)annotations[AutoscalerConversion.ConditionsAnnotation]!)!;
        Assert.Equal("AbleToScale", (string?)conditions[0]!["type"]);
    }

    [Fact]
    public void RoundTrip_V2ThroughV1_KeepsMetricsStatusAndConditions()
    {
        var stored = V2Object(
            """{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5,"metrics":[{"type":"Object","object":{"describedObject":{"kind":"Service","name":"web","apiVersion":"v1"},"metric":{"name":"rps"},"target":{"type":"Value","value":"100"}}},{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}]}""",
            """{"currentReplicas":2,"desiredReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"250m","averageUtilization":70}}}],"conditions":[{"type":"ScalingActive","status":"True"}]}""");

        var back = VersionConversion.ToStorage(V1, VersionConversion.FromStorage(V1, stored));

        Assert.Equal("autoscaling/v2", (string?)back["apiVersion"]);
        Assert.True(JsonNode.DeepEquals(stored["spec"]!["metrics"], back["spec"]!["metrics"]), back["spec"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(stored["status"]!["currentMetrics"], back["status"]!["currentMetrics"]), back["status"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(stored["status"]!["conditions"], back["status"]!["conditions"]));
        Assert.Null(back["metadata"]!["annotations"]); // the round-trip annotations are not stored
    }

    [Fact]
    public void ToStorage_V1WithoutTarget_GetsTheImplicitEightyPercentCpuMetric()
    {
        var v1 = Parse("""{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":{"name":"a"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"a"},"maxReplicas":4}}""");

        var v2 = VersionConversion.ToStorage(V1, v1);

        Assert.Equal(
            """[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]""",
            v2["spec"]!["metrics"]!.ToJsonString());
    }

    [Fact]
    public void ToStorage_V1StatusCpu_BecomesCurrentMetric()
    {
        var v1 = Parse("""{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":{"name":"a"},"spec":{"maxReplicas":4,"targetCPUUtilizationPercentage":30},"status":{"currentReplicas":1,"desiredReplicas":1,"currentCPUUtilizationPercentage":25}}""");

        var v2 = VersionConversion.ToStorage(V1, v1);

        Assert.Equal(30, (int)v2["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]!);
        Assert.Equal(25, (int)v2["status"]!["currentMetrics"]![0]!["resource"]!["current"]!["averageUtilization"]!);
    }

    [Fact]
    public void ToStorage_V2Body_DropsRoundTripAnnotations()
    {
        var v2 = V2Object("""{"maxReplicas":1}""");
        v2["metadata"]!["annotations"] = new JsonObject { [AutoscalerConversion.MetricSpecsAnnotation] = "[]", ["keep"] = "me" };

        var stored = VersionConversion.ToStorage(V2, v2);

        Assert.Equal("""{"keep":"me"}""", stored["metadata"]!["annotations"]!.ToJsonString());
    }
}
