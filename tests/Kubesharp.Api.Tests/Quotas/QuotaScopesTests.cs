using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Quotas;

namespace Kubesharp.Api.Tests.Quotas;

public sealed class QuotaScopesTests
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly ResourceType Services = BuiltInResources.Get("", "services");

    [Theory]
    [InlineData("Terminating", true, false)]
    [InlineData("NotTerminating", false, true)]
    [InlineData("BestEffort", true, false)]
    [InlineData("NotBestEffort", false, true)]
    public void Covers_Scope_AsUpstreamPodEvaluator(string scope, bool bestEffortWithDeadline, bool burstableWithout)
    {
        var quota = Quota(new JsonObject { ["scopes"] = new JsonArray(scope) });

        Assert.Equal(bestEffortWithDeadline, QuotaScopes.Covers(quota, Pods, Pod(deadline: 60, cpu: null)));
        Assert.Equal(burstableWithout, QuotaScopes.Covers(quota, Pods, Pod(deadline: null, cpu: "100m")));
    }

    [Theory]
    [InlineData("In", "high", true)]
    [InlineData("In", "low", false)]
    [InlineData("NotIn", "low", true)]
    [InlineData("NotIn", "high", false)]
    [InlineData("Exists", null, true)]
    [InlineData("DoesNotExist", null, false)]
    public void Covers_PriorityClassSelector_LabelSelectorSemantics(string op, string? value, bool expected)
    {
        var expression = new JsonObject { ["scopeName"] = "PriorityClass", ["operator"] = op };
        if (value is not null)
        {
            expression["values"] = new JsonArray(value);
        }

        var quota = Quota(new JsonObject { ["scopeSelector"] = new JsonObject { ["matchExpressions"] = new JsonArray(expression) } });
        var pod = Pod(deadline: null, cpu: null);
        pod["spec"]!["priorityClassName"] = "high";

        Assert.Equal(expected, QuotaScopes.Covers(quota, Pods, pod));
        Assert.Equal(op is "NotIn" or "DoesNotExist", QuotaScopes.Covers(quota, Pods, Pod(deadline: null, cpu: null))); // no class at all
    }

    [Fact]
    public void Covers_ScopesAndSelector_AllMustMatch()
    {
        var quota = Quota(new JsonObject
        {
            ["scopes"] = new JsonArray("NotBestEffort"),
            ["scopeSelector"] = new JsonObject { ["matchExpressions"] = new JsonArray(new JsonObject { ["scopeName"] = "Terminating", ["operator"] = "Exists" }) },
        });

        Assert.True(QuotaScopes.Covers(quota, Pods, Pod(deadline: 30, cpu: "1")));
        Assert.False(QuotaScopes.Covers(quota, Pods, Pod(deadline: null, cpu: "1")));
        Assert.False(QuotaScopes.Covers(quota, Pods, Pod(deadline: 30, cpu: null)));
    }

    [Fact]
    public void Covers_ScopedQuotaOtherKinds_NeverUnscopedAlways()
    {
        var service = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "s" } };

        Assert.False(QuotaScopes.Covers(Quota(new JsonObject { ["scopes"] = new JsonArray("NotTerminating") }), Services, service));
        Assert.True(QuotaScopes.Covers(Quota(new JsonObject()), Services, service));
        Assert.True(QuotaScopes.Covers(Quota(new JsonObject()), Pods, Pod(deadline: 5, cpu: null)));
    }

    private static JsonObject Quota(JsonObject spec)
    {
        spec["hard"] = new JsonObject { ["pods"] = "10" };
        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = "q" }, ["spec"] = spec };
    }

    private static JsonObject Pod(int? deadline, string? cpu)
    {
        var container = new JsonObject { ["name"] = "c", ["image"] = "busybox" };
        if (cpu is not null)
        {
            container["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu } };
        }

        var spec = new JsonObject { ["containers"] = new JsonArray(container) };
        if (deadline is { } d)
        {
            spec["activeDeadlineSeconds"] = d;
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p" }, ["spec"] = spec };
    }
}
