using Kubesharp.Testing.Polling;
using Kubesharp.Testing.Server;

namespace Kubesharp.EndToEnd;

/// <summary>
/// The control plane spread over processes, as over machines: <c>kubesharp apiserver</c> alone,
/// then <c>scheduler</c> and <c>controller-manager</c> as their own processes against its
/// kubeconfig, and hollow nodes; the real kubectl sees a Deployment roll out across them.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SeparateComponentsTests
{
    [Fact]
    public async Task ApiServerSchedulerAndControllerManager_AsSeparateProcesses_RollOutADeployment()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = new KubesharpServerProcess("kubesharp-split-") { Command = "apiserver" };
        await api.StartAsync();
        var kubectl = new Kubectl(api.KubeconfigPath);

        // The API server alone schedules nothing and runs no controllers.
        Assert.Equal(0, (await kubectl.RunAsync("create", "deployment", "web", "--image=kubesharp/httpd", "--replicas=3")).ExitCode);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.Equal("", (await kubectl.RunAsync("get", "replicasets", "-o", "name")).Stdout.Trim());
        Assert.DoesNotContain("scheduler ready", api.Output, StringComparison.Ordinal);

        var dataDir = Path.Combine(api.DataDirectory, "components");
        await using var scheduler = KubesharpCommandProcess.Start("scheduler", "--kubeconfig", api.KubeconfigPath, "--data-dir", dataDir);
        await using var controllers = KubesharpCommandProcess.Start("controller-manager", "--kubeconfig", api.KubeconfigPath, "--data-dir", dataDir);
        await using var nodes = HollowNodes.Start(api.KubeconfigPath, 2, "split-");

        var rollout = await kubectl.RunAsync(["rollout", "status", "deployment/web", "--timeout=90s"], null, TimeSpan.FromSeconds(100));
        Assert.True(rollout.ExitCode == 0, $"{rollout}\nscheduler:\n{scheduler.Output}\ncontroller-manager:\n{controllers.Output}");
        Assert.Contains("scheduler ready", scheduler.Output, StringComparison.Ordinal);
        Assert.Contains("controllers ready", controllers.Output, StringComparison.Ordinal);
        var placed = (await kubectl.RunAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}")).Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, placed.Length);
        Assert.All(placed, n => Assert.StartsWith("split-", n, StringComparison.Ordinal));

        // Controllers from the separate process do the rest of their work too: the default ServiceAccount of a new namespace.
        Assert.Equal(0, (await kubectl.RunAsync("create", "namespace", "later")).ExitCode);
        var account = await Poll.UntilAsync(() => kubectl.RunAsync("get", "serviceaccount", "default", "-n", "later"), r => r.ExitCode == 0, ct, seconds: 30);
        Assert.Equal(0, account.ExitCode);
        await kubectl.RunAsync("delete", "deployment", "web");
    }

    [Fact]
    public async Task ComponentCommand_WithoutKubeconfig_SaysHowToFixIt()
    {
        await using var missing = KubesharpCommandProcess.Start("scheduler", "--kubeconfig", "/nonexistent/kubeconfig.yaml");
        var exit = await missing.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        Assert.Contains("kubesharp scheduler: no kubeconfig at /nonexistent/kubeconfig.yaml; pass --kubeconfig", missing.Output, StringComparison.Ordinal);
    }
}
