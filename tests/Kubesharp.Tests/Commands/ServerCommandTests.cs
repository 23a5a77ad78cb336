using System.Net;
using System.Net.Sockets;

namespace Kubesharp.Tests.Commands;

public sealed class ServerCommandTests
{
    [Fact]
    public async Task Server_PortHeldByAnotherProcess_SaysWhichProcessAndExitsOne()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var dir = Directory.CreateTempSubdirectory("kubesharp-cli-").FullName;

        var run = await Cli.RunAsync("server", "--data-dir", dir, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"0.0.0.0:{port} is already in use", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"(pid {Environment.ProcessId})", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_UnknownComponentToDisable_OneLineErrorListingTheKnownOnes()
    {
        var run = await Cli.RunAsync("server", "--data-dir", Directory.CreateTempSubdirectory("kubesharp-cli-").FullName, "--disable", "sheduler");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--disable sheduler: no such component; choose from:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("controllers", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Up_BadPort_IsAUserError()
    {
        var run = await Cli.RunAsync("up", "--port", "70000", "--data-dir", Directory.CreateTempSubdirectory("kubesharp-cli-").FullName);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--port 70000 is not a TCP port", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.42.0.0", "is not an IPv4 range like 10.42.0.0/16")]
    [InlineData("fd00::/48", "is not an IPv4 range like 10.42.0.0/16")]
    [InlineData("10.42.0.0/26", "must be a /8 to /24")]
    [InlineData("10.0.0.0/7", "must be a /8 to /24")]
    public async Task Server_BadClusterCidr_OneLineErrorExitOne(string cidr, string message)
    {
        var run = await Cli.RunAsync("server", "--data-dir", Directory.CreateTempSubdirectory("kubesharp-cli-").FullName, "--cluster-cidr", cidr);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"--cluster-cidr '{cidr}' {message}", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Server_DataDirOfANewerFormat_RefusedInOneLineAndLeftUntouched()
    {
        var dir = Directory.CreateTempSubdirectory("kubesharp-cli-").FullName;
        var marker = Path.Combine(dir, "kubesharp-data-format");
        await File.WriteAllTextAsync(marker, "99\n", TestContext.Current.CancellationToken);

        var run = await Cli.RunAsync("server", "--data-dir", dir, "--port", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("was written by a newer kubesharp (data format 99; this one reads format 1)", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Equal("99\n", await File.ReadAllTextAsync(marker, TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(Path.Combine(dir, "db")));
    }

    [Fact]
    public async Task Server_DataDirOfAnOlderUnreadableFormat_RefusedInOneLineAndLeftUntouched()
    {
        var dir = Directory.CreateTempSubdirectory("kubesharp-cli-").FullName;
        var marker = Path.Combine(dir, "kubesharp-data-format");
        await File.WriteAllTextAsync(marker, "0\n", TestContext.Current.CancellationToken);

        var run = await Cli.RunAsync("server", "--data-dir", dir, "--port", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"kubesharp: the data directory {dir} was written by an older kubesharp (data format 0) that this one no longer reads (formats 1 to 1); run that version or choose another --data-dir", run.Stderr.Trim());
        Assert.Equal("0\n", await File.ReadAllTextAsync(marker, TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(Path.Combine(dir, "db")));
    }

    [Fact]
    public async Task Server_DataDirIsAFile_OneLineNamingItExitOne()
    {
        var file = Path.GetTempFileName();

        var run = await Cli.RunAsync("server", "--data-dir", Path.Combine(file, "state"), "--port", "1");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"kubesharp: the data directory {file}/state is not writable (", line, StringComparison.Ordinal);
        File.Delete(file);
    }
}
