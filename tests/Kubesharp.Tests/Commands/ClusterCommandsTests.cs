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
    public async Task Agent_UnknownToken_ServerSays401AndTheAgentExitsOneWithOneLine()
    {
        var created = await Cli.RunAsync("token", "create", "--data-dir", _server.DataDirectory);
        Assert.True(JoinToken.TryParse(created.Stdout.Trim(), out var real), created.Stdout);
        var unknown = new JoinToken(real.CaHash, "zzzzzz", "0123456789abcdef");

        var run = await Cli.RunAsync("agent", "--server", $"https://127.0.0.1:{_server.Port}", "--token", unknown.ToString(), "--data-dir", Path.Combine(_server.DataDirectory, "agent-x"), "--node-name", "x");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("kubesharp agent: the server rejected the join token (401 Unauthorized): it is unknown, expired or revoked; create a new one on the server with kubesharp token create", run.Stderr.Trim());
        Assert.False(File.Exists(Path.Combine(_server.DataDirectory, "agent-x", "node.kubeconfig")));
    }

    [Theory]
    [InlineData("not-a-token", "--token is not a join token")]
    [InlineData("KS1::abc::abcdef.0123456789abcdef", "--token is not a join token")]
    public async Task Agent_MalformedToken_OneLineErrorExitOne(string token, string message)
    {
        var run = await Cli.RunAsync("agent", "--server", $"https://127.0.0.1:{_server.Port}", "--token", token, "--data-dir", Path.Combine(_server.DataDirectory, "agent-y"));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_ServerUrlNotHttps_OneLineErrorExitOne()
    {
        var run = await Cli.RunAsync("agent", "--server", $"http://127.0.0.1:{_server.Port}", "--token", "x", "--data-dir", Path.Combine(_server.DataDirectory, "agent-z"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not an API server URL like https://", run.Stderr, StringComparison.Ordinal);
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
        var renewFrom = DateTime.UtcNow.AddDays(365 - 90).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(lines, l => l.StartsWith("serving ", StringComparison.Ordinal) && l.Contains("364d", StringComparison.Ordinal) && l.EndsWith($"ok (renewed automatically from {renewFrom})", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("admin ", StringComparison.Ordinal));
        // The API server's identity towards kubelets (logs, exec, metrics) is rotated like the others.
        Assert.Contains(lines, l => l.StartsWith("kubelet-client ", StringComparison.Ordinal) && l.Contains("kube-apiserver-kubelet-client", StringComparison.Ordinal)
            && l.EndsWith($"ok (renewed automatically from {renewFrom})", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("node ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CertsCheck_AgentDataDirectory_ListsTheCaAndTheNodeCertificate()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await Cli.RunAsync("token", "create", "--data-dir", _server.DataDirectory);
        Assert.True(JoinToken.TryParse(created.Stdout.Trim(), out var token), created.Stdout);
        var agent = Directory.CreateTempSubdirectory("kubesharp-certs-agent-").FullName;
        // What kubesharp agent leaves in its data directory after joining.
        await NodeJoin.JoinAsync(new Uri($"https://127.0.0.1:{_server.Port}"), token, "worker-8", Path.Combine(agent, "node.kubeconfig"), ct);
        Directory.CreateDirectory(Path.Combine(agent, "tls"));
        File.Copy(Kubesharp.ApiServer.Certificates.ClusterCertificates.CertificatePath(_server.DataDirectory, "ca"), Path.Combine(agent, "tls", "ca.crt"));

        var run = await Cli.RunAsync("certs", "check", "--data-dir", agent);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("ca ", StringComparison.Ordinal) && l.EndsWith(" ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("node ", StringComparison.Ordinal) && l.Contains("system:node:worker-8", StringComparison.Ordinal) && l.Contains("ok (renewed automatically from ", StringComparison.Ordinal));
        Directory.Delete(agent, recursive: true);
    }

    [Fact]
    public async Task CertsCheck_LeavesWithinTheWindow_SaysTheRunningServerRenewsThem()
    {
        var dir = Directory.CreateTempSubdirectory("kubesharp-certs-due-").FullName;
        // Issued 300 days ago with the default 365-day lifetime: 65 days left, inside the 90-day window.
        Kubesharp.ApiServer.Certificates.ClusterCertificates.LoadOrCreate(dir, [], [], DateTimeOffset.UtcNow.AddDays(-300)).Dispose();

        var run = await Cli.RunAsync("certs", "check", "--data-dir", dir);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Trim().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("ca ", StringComparison.Ordinal) && l.EndsWith(" ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("serving ", StringComparison.Ordinal) && l.Contains(" 64d ", StringComparison.Ordinal) && l.EndsWith("due: the running server renews it within the hour, or at start", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("admin ", StringComparison.Ordinal) && l.EndsWith("due: the running server renews it within the hour, or at start", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("kubelet-client ", StringComparison.Ordinal) && l.EndsWith("due: the running server renews it within the hour, or at start", StringComparison.Ordinal));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Kubeconfig_NoCluster_OneLineErrorExitOne()
    {
        var run = await Cli.RunAsync("kubeconfig", "--data-dir", Path.Combine(_server.DataDirectory, "nothing-here"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist; start the cluster once", run.Stderr, StringComparison.Ordinal);
    }
}
