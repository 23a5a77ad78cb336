using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Kubelet.Node;
using Kubesharp.Kubelet.Tests.Fakes;
using Kubesharp.Testing.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Kubelet.Tests.Node;

/// <summary>The kubelet's side of node IPAM against the real API server (the test plays the controller manager).</summary>
public sealed class NodeAgentPodCidrTests
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");

    [Fact]
    public async Task Register_NoOwnRange_NodeWithoutPodCidrAndTheWaitReturnsTheAssignedOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var options = Options("n1", TimeSpan.FromSeconds(20));
        var agent = Agent(api, options);

        await agent.RegisterAsync(null, ct);
        var registered = await api.Client.GetAsync(Nodes, null, "n1", ct);
        Assert.Null(registered["spec"]?["podCIDR"]);
        Assert.Contains(registered["status"]!["addresses"]!.AsArray(), a => a!["type"]!.GetValue<string>() == "InternalIP" && a["address"]!.GetValue<string>() == "192.0.2.10");
        Assert.Null(await NodeAgent.AssignedPodCidrAsync(api.Client, options, ct));

        var waiting = agent.WaitForPodCidrAsync(ct);
        await Task.Delay(200, ct);
        Assert.False(waiting.IsCompleted);
        registered["spec"] = new JsonObject { ["podCIDR"] = "10.42.7.0/24", ["podCIDRs"] = new JsonArray("10.42.7.0/24") };
        await api.Client.UpdateAsync(Nodes, registered, ct);

        Assert.Equal("10.42.7.0/24", await waiting.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal("10.42.7.0/24", await NodeAgent.AssignedPodCidrAsync(api.Client, options, ct));
    }

    [Fact]
    public async Task WaitForPodCidr_NothingAssigned_FallsBackToTheConfiguredRangeAfterTheWait()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var options = Options("n2", TimeSpan.FromMilliseconds(300)) with { PodCidr = "10.42.200.0/24" };
        var agent = Agent(api, options);
        await agent.RegisterAsync(null, ct);

        Assert.Equal("10.42.200.0/24", await agent.WaitForPodCidrAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Null((await api.Client.GetAsync(Nodes, null, "n2", ct))["spec"]?["podCIDR"]);
    }

    [Fact]
    public async Task Register_OwnRange_WrittenToSpecAndKeptOnReregistration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var options = Options("n3", TimeSpan.Zero);
        var agent = Agent(api, options);

        await agent.RegisterAsync("10.42.0.0/24", ct);
        await agent.RegisterAsync("10.42.9.0/24", ct);

        var spec = (await api.Client.GetAsync(Nodes, null, "n3", ct))["spec"]!;
        Assert.Equal("10.42.0.0/24", spec["podCIDR"]!.GetValue<string>());
        Assert.Equal("10.42.0.0/24", Assert.Single(spec["podCIDRs"]!.AsArray())!.GetValue<string>());
    }

    private static KubeletOptions Options(string node, TimeSpan wait) =>
        new(node, Path.Combine(Path.GetTempPath(), "kubesharp-nodeagent-" + node)) { PodCidrWait = wait, NodeIp = "192.0.2.10" };

    private static NodeAgent Agent(InProcessApiServer api, KubeletOptions options) =>
        new(api.Client, options, new InMemoryRuntime(TimeProvider.System), new InMemoryImages(), NullLogger.Instance, TimeProvider.System);
}
