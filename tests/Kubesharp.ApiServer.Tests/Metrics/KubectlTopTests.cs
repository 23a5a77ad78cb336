using System.Diagnostics;
using Kubesharp.Testing.Processes;

namespace Kubesharp.ApiServer.Tests.Metrics;

/// <summary>The real <c>kubectl top</c> against the real API server and a fake kubelet on loopback.</summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlTopTests(MetricsServerFixture fixture) : IClassFixture<MetricsServerFixture>
{
    private const string Kubectl = "/usr/bin/kubectl";

    [Fact]
    public async Task TopNodes_KubeletReports_UsageAndPercentOfAllocatable()
    {
        Assert.SkipUnless(File.Exists(Kubectl), "kubectl is not installed");
        var (code, output) = await RunKubectlAsync("top", "nodes");
        Assert.True(code == 0, output);
        Assert.Matches(@"(?m)^NAME\s+CPU\(cores\)\s+CPU(\(%\)|%)\s+MEMORY\(bytes\)\s+MEMORY(\(%\)|%)\s*$", output);
        // 150m of 2 cores = 7%, 512Mi of 4Gi = 12%; n2's kubelet is unreachable and kubectl says so.
        Assert.Matches(@"(?m)^n1\s+150m\s+7%\s+512Mi\s+12%\s*$", output);
        Assert.Matches(@"(?m)^n2\s+<unknown>", output);
    }

    [Fact]
    public async Task TopPods_Namespace_PodsWithMetrics()
    {
        Assert.SkipUnless(File.Exists(Kubectl), "kubectl is not installed");
        var (code, output) = await RunKubectlAsync("top", "pods", "-n", "default", "--containers");
        Assert.True(code == 0, output);
        Assert.Matches(@"(?m)^web\s+app\s+2m\s+4Mi\s*$", output);
        Assert.Matches(@"(?m)^web\s+sidecar\s+1m\s+1Mi\s*$", output);
        Assert.DoesNotMatch(@"(?m)^young\s", output);
    }

    private async Task<(int Code, string Output)> RunKubectlAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Kubectl);
        var home = Directory.CreateTempSubdirectory("kubesharp-top-");
        start.Environment["KUBECONFIG"] = fixture.KubeconfigPath;
        start.Environment["HOME"] = home.FullName; // its own discovery cache
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            var result = await ProcessRun.RunAsync(start, null, TimeSpan.FromSeconds(30));
            return (result.ExitCode, result.Stdout + result.Stderr);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
