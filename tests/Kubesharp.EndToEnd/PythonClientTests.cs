using System.Diagnostics;
using System.Text.Json.Nodes;
using Kubesharp.Testing.Processes;

namespace Kubesharp.EndToEnd;

/// <summary>
/// Debian's python3-kubernetes (installed by scripts/install-deps.sh) against a real
/// <c>kubesharp server</c>: python/configmap_roundtrip.py does the calls and prints one JSON line.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class PythonClientTests : IClassFixture<KubesharpServer>
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly KubesharpServer _server;

    public PythonClientTests(KubesharpServer server) => _server = server;

    [Fact]
    public async Task ConfigMapRoundTrip_ListsNamespacesCreatesReadsPatchesDeletes()
    {
        var ns = "py-" + Guid.NewGuid().ToString("N")[..10];

        var (exitCode, stdout, stderr) = await RunAsync(Path.Combine(AppContext.BaseDirectory, "python", "configmap_roundtrip.py"), _server.KubeconfigPath, ns);

        Assert.True(exitCode == 0, $"python exited {exitCode}\n{stdout}\n{stderr}\nserver:\n{_server.Output}");
        var result = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!.AsObject();
        var namespaces = result["namespaces"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("default", namespaces);
        Assert.Contains("kube-system", namespaces);
        Assert.False(string.IsNullOrEmpty(result["list_resource_version"]!.GetValue<string>()));
        Assert.Equal(ns, result["created_namespace"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(result["created_uid"]!.GetValue<string>()));
        Assert.Equal(result["created_uid"]!.GetValue<string>(), result["read_uid"]!.GetValue<string>());
        Assert.Equal("blue", result["read_color"]!.GetValue<string>());
        Assert.Equal("green", result["patched_color"]!.GetValue<string>());
        Assert.Equal(404, result["read_after_delete_status"]!.GetValue<int>());
        Assert.Equal("NotFound", result["read_after_delete_reason"]!.GetValue<string>());
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Python);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var (exitCode, stdout, error) = await ProcessRun.RunAsync(start, null, Timeout);
        Assert.False(error.Contains("No module named 'kubernetes'", StringComparison.Ordinal), "python3-kubernetes is missing: run scripts/install-deps.sh");
        return (exitCode, stdout, error);
    }
}
