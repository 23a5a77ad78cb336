using Kubesharp.ApiServer.Discovery;

namespace Kubesharp.ApiServer.Tests.Discovery;

public sealed class DiscoveryNegotiationTests
{
    [Theory]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", "v2")]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", "v2beta1")]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json", null)]
    [InlineData("application/json, */*", null)]
    [InlineData("application/json,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", null)]
    [InlineData("", null)]
    public void AggregatedVersion_ChoosesFirstServedRange(string accept, string? expected) =>
        Assert.Equal(expected, DiscoveryNegotiation.AggregatedVersion(accept));

    [Theory]
    [InlineData("v2", "v1", -1)]
    [InlineData("v1", "v1beta1", -1)]
    [InlineData("v1beta2", "v1beta1", -1)]
    [InlineData("v1alpha1", "v1beta1", 1)]
    public void ApiVersionOrder_PrefersGaThenHigher(string x, string y, int sign) =>
        Assert.Equal(sign, Math.Sign(ApiVersionOrder.Compare(x, y)));
}
