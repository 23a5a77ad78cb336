using System.Diagnostics;
using Kubesharp.Testing.Server;

namespace Kubesharp.EndToEnd;

/// <summary>
/// The control loops with the real kubectl: `kubesharp simulate` adds hollow nodes, then a
/// Deployment is scheduled, rolled forward, rolled back, scaled and deleted as kubectl users expect.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlRolloutTests : IClassFixture<KubesharpServer>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 6
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, image: busybox}]}
        """;

    private readonly KubesharpServer _server;

    public KubectlRolloutTests(KubesharpServer server) => _server = server;

    [Fact]
    public async Task Deployment_OnHollowNodes_RollsOutSpreadsRollsBackAndIsCollected()
    {
        await using var simulate = KubesharpCommandProcess.Start("simulate", "--nodes", "3", "--kubeconfig", _server.KubeconfigPath);
        var kubectl = _server.Kubectl;
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "nodes", "--no-headers")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains(" Ready ", StringComparison.Ordinal)) == 3);

        Assert.Equal(0, (await kubectl.RunWithInputAsync(Deployment, "apply", "-f", "-")).ExitCode);
        var status = await kubectl.RunAsync(["rollout", "status", "deployment/web", "--timeout=60s"], null, TimeSpan.FromSeconds(90));
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("successfully rolled out", status.Stdout, StringComparison.Ordinal);
        var nodes = (await kubectl.RunAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}")).Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, nodes.Length);
        Assert.All(nodes.GroupBy(n => n), g => Assert.Equal(2, g.Count()));

        Assert.Equal(0, (await kubectl.RunAsync("set", "image", "deployment/web", "c=busybox:2")).ExitCode);
        Assert.Equal(0, (await kubectl.RunAsync(["rollout", "status", "deployment/web", "--timeout=60s"], null, TimeSpan.FromSeconds(90))).ExitCode);
        var history = await kubectl.RunAsync("rollout", "history", "deployment/web");
        Assert.Contains("1 ", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 ", history.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await kubectl.RunAsync("rollout", "undo", "deployment/web")).ExitCode);
        Assert.Equal(0, (await kubectl.RunAsync(["rollout", "status", "deployment/web", "--timeout=60s"], null, TimeSpan.FromSeconds(90))).ExitCode);
        var sets = (await kubectl.RunAsync("get", "rs", "-l", "app=web", "--no-headers")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, sets.Length); // the undo reused revision 1's ReplicaSet
        var image = await kubectl.RunAsync("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        Assert.Equal("busybox", image.Stdout);

        Assert.Equal(0, (await kubectl.RunAsync("delete", "deployment", "web")).ExitCode);
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "rs,pods", "-l", "app=web", "--no-headers")).Stdout.Trim().Length == 0);
        Assert.Equal(string.Empty, (await kubectl.RunAsync("get", "rs,pods", "-l", "app=web", "--no-headers")).Stdout.Trim());
    }


    private static async Task EventuallyAsync(Func<Task<bool>> check)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await check() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
    }
}
