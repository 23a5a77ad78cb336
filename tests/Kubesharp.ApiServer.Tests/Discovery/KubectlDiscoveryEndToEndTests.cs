using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kubesharp.ApiServer.Tests.Discovery;

/// <summary>The real kubectl against a real `kubesharp server`: discovery and explain only.</summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlDiscoveryEndToEndTests : IAsyncLifetime
{
    private const string Kubectl = "/usr/bin/kubectl";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("kubesharp-discovery-e2e").FullName;
    private Process? _server;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipUnless(File.Exists(Kubectl), "kubectl is not installed");
        var repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "Kubesharp.slnx")))
        {
            repo = Path.GetDirectoryName(repo.TrimEnd('/'))!;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(repo, "src/Kubesharp/bin", configuration, "net10.0/kubesharp.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "server", "--data-dir", _dataDir, "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await RunKubectlAsync("version")).Output.Contains("Server Version", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !_server.HasExited, "kubesharp server did not come up");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

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
    public async Task CreateWithStrictValidation_UnknownField_RejectedClientSide()
    {
        var manifest = Path.Combine(_dataDir, "bad.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nbogus: 1\n", TestContext.Current.CancellationToken);
        var (code, output) = await RunKubectlAsync("create", "-f", manifest, "--validate=strict");
        Assert.NotEqual(0, code);
        Assert.Contains("unknown field \"bogus\" in io.k8s.api.core.v1.ConfigMap", output, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output)> RunKubectlAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["KUBECONFIG"] = Path.Combine(_dataDir, "kubeconfig.yaml");
        start.Environment["HOME"] = _dataDir; // its own discovery and HTTP caches
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
