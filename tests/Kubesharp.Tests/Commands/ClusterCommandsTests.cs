using Kubesharp.Api.Joining;
using Kubesharp.Client.Joining;
using Kubesharp.Testing.Server;

namespace Kubesharp.Tests.Commands;

/// <summary>token create / kubeconfig / certs check against a running <c>kubesharp server</c>.</summary>
public sealed class ClusterCommandsTests : IAsyncLifetime
{
    private readonly KubesharpServerProcess _server = new("kubesharp-cli-");

    public async ValueTask InitializeAsync() => await _server.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task TokenCreate_ThenJoin_GivesTheNodeACertificate()
    {
        var run = await Cli.RunAsync("token", "create", "--data-dir", _server.DataDirectory, "--ttl", "01:00:00");

        Assert.Equal(0, run.ExitCode);
        Assert.True(JoinToken.TryParse(run.Stdout.Trim(), out var token), run.Stdout);
        var kubeconfig = Path.Combine(_server.DataDirectory, "joined.kubeconfig");
        await NodeJoin.JoinAsync(new Uri($"https://127.0.0.1:{_server.Port}"), token, "worker-7", kubeconfig, TestContext.Current.CancellationToken);
        Assert.Contains("client-certificate-data", await File.ReadAllTextAsync(kubeconfig, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubeconfig_PrintsTheAdminKubeconfig()
    {
        var run = await Cli.RunAsync("kubeconfig", "--data-dir", _server.DataDirectory);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(_server.KubeconfigPath, TestContext.Current.CancellationToken), run.Stdout);
    }

    [Fact]
    public async Task CertsCheck_ListsEveryCertificateWithItsExpiry()
    {
        var run = await Cli.RunAsync("certs", "check", "--data-dir", _server.DataDirectory);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Trim().Split('\n');
        Assert.StartsWith("CERTIFICATE", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("ca ", StringComparison.Ordinal) && l.Contains("kubesharp-ca", StringComparison.Ordinal) && l.EndsWith("ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("serving ", StringComparison.Ordinal) && l.Contains("364d", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("admin ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kubeconfig_NoCluster_OneLineErrorExitOne()
    {
        var run = await Cli.RunAsync("kubeconfig", "--data-dir", Path.Combine(_server.DataDirectory, "nothing-here"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist; start the cluster once", run.Stderr, StringComparison.Ordinal);
    }
}
