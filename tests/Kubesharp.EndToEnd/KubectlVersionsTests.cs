namespace Kubesharp.EndToEnd;

/// <summary>The basic scenario with the older and newer kubectl builds installed beside the default one.</summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlVersionsTests : IClassFixture<KubesharpServer>
{
    private readonly KubesharpServer _server;

    public KubectlVersionsTests(KubesharpServer server) => _server = server;

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.33")]
    public async Task CreateGetWatchDelete_WorksWithVersionedKubectl(string version)
    {
        var directory = Path.GetDirectoryName(new FileInfo("/usr/bin/kubectl").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "/usr/bin/kubectl")!;
        var path = Path.Combine(directory, "kubectl." + version);
        Assert.True(File.Exists(path), $"{path} is not installed");
        var k = new Kubectl(_server.KubeconfigPath) { Path = path };
        var name = "v" + version.Replace('.', '-');

        var create = await k.RunAsync("create", "configmap", name, "-n", "default", "--from-literal=a=b");
        var table = await k.RunAsync("get", "configmap", name, "-n", "default");
        using var watch = k.Start("get", "configmap", name, "-n", "default", "-w", "-o", "name");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await watch.StandardOutput.ReadLineAsync(timeout.Token);
            var delete = await k.RunAsync("delete", "configmap", name, "-n", "default");
            var second = await watch.StandardOutput.ReadLineAsync(timeout.Token);

            Assert.True(create.ExitCode == 0, create.ToString());
            Assert.Matches($@"^NAME\s+DATA\s+AGE\n{name}\s+1\s+\d+s\n$", table.Stdout);
            Assert.Equal($"configmap/{name}", first);
            Assert.True(delete.ExitCode == 0, delete.ToString());
            Assert.Equal($"configmap/{name}", second);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }
    }
}
