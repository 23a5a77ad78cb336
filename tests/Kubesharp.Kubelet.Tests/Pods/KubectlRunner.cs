using Kubesharp.Testing.Processes;

namespace Kubesharp.Kubelet.Tests.Pods;

/// <summary>The real kubectl against one kubeconfig; a non-zero exit fails the test with kubectl's stderr.</summary>
internal sealed class KubectlRunner(string kubeconfig)
{
    public Task<string> RunAsync(params string[] args) => RunAsync(args, TimeSpan.FromSeconds(30));

    public async Task<string> RunAsync(string[] args, TimeSpan timeout)
    {
        var result = await ProcessRun.RunAsync(KubectlStart.Create(kubeconfig, args), null, timeout);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }
}
