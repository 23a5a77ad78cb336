using Kubesharp.Kubelet.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Kubesharp.Kubelet.Tests.Server;

public sealed class LogRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_KubectlQuery_AllOptions()
    {
        var request = LogRequest.Parse("web", Query(("follow", "true"), ("tailLines", "5"), ("timestamps", "true"), ("limitBytes", "100"), ("sinceSeconds", "60")), Now);
        Assert.True(request.Follow);
        Assert.True(request.Timestamps);
        Assert.Equal(5, request.TailLines);
        Assert.Equal(100, request.LimitBytes);
        Assert.Equal(Now.AddMinutes(-1), request.Since);
    }

    [Fact]
    public void Parse_NegativeTail_InvalidAsUpstream()
    {
        var e = Assert.Throws<KubeletApiException>(() => LogRequest.Parse("web", Query(("tailLines", "-1")), Now));
        Assert.Equal((422, "Invalid"), (e.Code, e.Reason));
        Assert.Equal("PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0", e.Message);
    }

    [Fact]
    public void Parse_BothSinceForms_Invalid()
    {
        var e = Assert.Throws<KubeletApiException>(() => LogRequest.Parse("web", Query(("sinceSeconds", "5"), ("sinceTime", "2026-12-01T09:00:00Z")), Now));
        Assert.Contains("at most one of `sinceTime` or `sinceSeconds` may be specified", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotANumber_BadRequest()
    {
        var e = Assert.Throws<KubeletApiException>(() => LogRequest.Parse("web", Query(("limitBytes", "lots")), Now));
        Assert.Equal(400, e.Code);
    }

    private static QueryCollection Query(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => new StringValues(p.Value)));
}
