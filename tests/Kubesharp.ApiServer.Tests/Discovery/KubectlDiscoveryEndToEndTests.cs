using System.Diagnostics;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Server;

namespace Kubesharp.ApiServer.Tests.Discovery;

/// <summary>The real kubectl against a real `kubesharp server`: discovery and explain only.</summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlDiscoveryEndToEndTests : IAsyncLifetime
{
    private const string Kubectl = "/usr/bin/kubectl";
    private readonly KubesharpServerProcess _server = new("kubesharp-discovery-e2e-");

    private string DataDir => _server.DataDirectory;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipUnless(File.Exists(Kubectl), "kubectl is not installed");
        await _server.StartAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ApiResources_ListsBuiltInsWithShortNames()
    {
        var (code, output) = await RunKubectlAsync("api-resources");
        Assert.Equal(0, code);
        Assert.Matches(@"(?m)^pods\s+po\s+v1\s+true\s+Pod\s*$", output);
        Assert.Matches(@"(?m)^deployments\s+deploy\s+apps/v1\s+true\s+Deployment\s*$", output);
        Assert.Matches(@"(?m)^horizontalpodautoscalers\s+hpa\s+autoscaling/v2\s+true\s+HorizontalPodAutoscaler\s*$", output);
        Assert.Matches(@"(?m)^nodes\s+no\s+v1\s+false\s+Node\s*$", output);
    }

    [Fact]
    public async Task Explain_ContainerPorts_PrintsFieldDocs()
    {
        var (code, output) = await RunKubectlAsync("explain", "pods.spec.containers.ports");
        Assert.Equal(0, code);
        Assert.Contains("KIND:       Pod", output, StringComparison.Ordinal);
        Assert.Contains("FIELD: ports <[]ContainerPort>", output, StringComparison.Ordinal);
        Assert.Matches(@"containerPort\s+<integer> -required-", output);
        Assert.Contains("protocol", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateWithStrictValidation_UnknownField_RejectedServerSide()
    {
        var manifest = Path.Combine(DataDir, "bad.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nbogus: 1\n", TestContext.Current.CancellationToken);
        var (code, output) = await RunKubectlAsync("create", "-f", manifest, "--validate=strict");
        Assert.NotEqual(0, code);
        // The OpenAPI v3 PATCH operations list fieldValidation, so kubectl leaves the check to the server.
        Assert.Contains("strict decoding error: unknown field \"bogus\"", output, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output)> RunKubectlAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Kubectl);
        start.Environment["KUBECONFIG"] = Path.Combine(DataDir, "kubeconfig.yaml");
        start.Environment["HOME"] = DataDir; // its own discovery and HTTP caches
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var result = await ProcessRun.RunAsync(start, null, TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.Stdout + result.Stderr);
    }
}
