namespace Kubesharp.Tests.Commands;

/// <summary>ARCHITECTURE.md's exit codes for a command line that does not parse: 2, one line on stderr, nothing on stdout.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("kubesharp server: Unrecognized command or argument '--bogus'", "server", "--bogus")]
    [InlineData("kubesharp up: Unrecognized command or argument '--prot'", "up", "--prot", "1")]
    [InlineData("kubesharp agent: Option '--server' is required", "agent", "--token", "x")]
    [InlineData("kubesharp: Unrecognized command or argument 'frob'", "frob")]
    [InlineData("kubesharp: Required command was not provided")]
    [InlineData("kubesharp certs: Required command was not provided", "certs")]
    [InlineData("kubesharp token create: Cannot parse argument 'abc' for option '--ttl'", "token", "create", "--ttl", "abc")]
    [InlineData("kubesharp server: Cannot parse argument 'many' for option '--port'", "server", "--port", "many")]
    [InlineData("kubesharp kubelet: Unrecognized command or argument '--no-such'", "kubelet", "--no-such")]
    [InlineData("kubesharp images import: Required argument missing for option: '--data-dir'", "images", "import", "--data-dir")]
    [InlineData("kubesharp simulate: Option '--nodes' is required", "simulate")]
    [InlineData("kubesharp version: Unrecognized command or argument 'extra'", "version", "extra")]
    [InlineData("kubesharp simulate: Unrecognized command or argument '--y'", "simulate", "--y")]
    [InlineData("kubesharp kubeconfig: Unrecognized command or argument '--z'", "kubeconfig", "--z")]
    public async Task BadCommandLine_ExitsTwoWithOneLineNamingTheCommand(string expected, params string[] args)
    {
        var run = await Cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.EndsWith("--help)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server", "--help")]
    [InlineData("--version")]
    [InlineData("version")]
    public async Task HelpAndVersion_ExitZero(params string[] args)
    {
        var run = await Cli.RunAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.NotEqual(string.Empty, run.Stdout.Trim());
    }
}
