using System.Text.Json.Nodes;

namespace Kubesharp.EndToEnd;

/// <summary>
/// The real kubectl against a real <c>kubesharp server</c>, with kubectl's default validation
/// (it reads the server's OpenAPI).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlBasicsTests : IClassFixture<KubesharpServer>
{
    private readonly KubesharpServer _server;

    public KubectlBasicsTests(KubesharpServer server) => _server = server;

    private Kubectl K => _server.Kubectl;

    [Fact]
    public async Task GetNamespaces_ListsTheDefaultNamespaces()
    {
        var r = await K.RunAsync("get", "namespaces", "-o", "name");

        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Assert.Contains($"namespace/{ns}\n", r.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetService_KubernetesServiceExistsInDefault()
    {
        var r = await K.RunAsync("get", "service", "kubernetes", "-n", "default", "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].port}");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("10.43.0.1 443", r.Stdout);
    }

    [Fact]
    public async Task CreateFromYaml_ThenGetAsTableYamlJsonAndJsonpath()
    {
        var ns = await NewNamespaceAsync();
        var create = await K.RunWithInputAsync(ConfigMapYaml("settings", "color", "blue"), "create", "-n", ns, "-f", "-");
        var table = await K.RunAsync("get", "configmaps", "-n", ns);
        var yaml = await K.RunAsync("get", "configmap", "settings", "-n", ns, "-o", "yaml");
        var json = await K.RunAsync("get", "configmap", "settings", "-n", ns, "-o", "json");
        var path = await K.RunAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.color}");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Equal("configmap/settings created\n", create.Stdout);
        Assert.True(table.ExitCode == 0, table.ToString());
        // kube-root-ca.crt: published into every namespace by the controller manager (maybe not yet).
        Assert.Matches(@"^NAME\s+DATA\s+AGE\n(kube-root-ca\.crt\s+1\s+\d+s\n)?settings\s+1\s+\d+s\n$", table.Stdout);
        Assert.Contains("kind: ConfigMap", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("color: blue", yaml.Stdout, StringComparison.Ordinal);
        var obj = JsonNode.Parse(json.Stdout)!;
        Assert.Equal(ns, obj["metadata"]!["namespace"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(obj["metadata"]!["resourceVersion"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(obj["metadata"]!["uid"]!.GetValue<string>()));
        Assert.Equal("blue", path.Stdout);
    }

    [Fact]
    public async Task GetMissing_ExitsOneWithUpstreamNotFoundMessage()
    {
        var r = await K.RunAsync("get", "configmap", "x", "-n", "default");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Error from server (NotFound): configmaps \"x\" not found", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTwice_ExitsOneWithAlreadyExists()
    {
        var ns = await NewNamespaceAsync();
        await K.RunWithInputAsync(ConfigMapYaml("twice", "a", "b"), "create", "-n", ns, "-f", "-");

        var r = await K.RunWithInputAsync(ConfigMapYaml("twice", "a", "b"), "create", "-n", ns, "-f", "-");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Error from server (AlreadyExists)", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("configmaps \"twice\" already exists", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_ChangesData()
    {
        var ns = await NewNamespaceAsync();
        await K.RunWithInputAsync(ConfigMapYaml("r", "k", "1"), "create", "-n", ns, "-f", "-");

        var replace = await K.RunWithInputAsync(ConfigMapYaml("r", "k", "2"), "replace", "-n", ns, "-f", "-");
        var value = await K.RunAsync("get", "configmap", "r", "-n", ns, "-o", "jsonpath={.data.k}");

        Assert.True(replace.ExitCode == 0, replace.ToString());
        Assert.Equal("configmap/r replaced\n", replace.Stdout);
        Assert.Equal("2", value.Stdout);
    }

    [Fact]
    public async Task Delete_RemovesObject()
    {
        var ns = await NewNamespaceAsync();
        await K.RunWithInputAsync(ConfigMapYaml("gone", "k", "1"), "create", "-n", ns, "-f", "-");

        var delete = await K.RunAsync("delete", "configmap", "gone", "-n", ns);
        var get = await K.RunAsync("get", "configmap", "gone", "-n", ns);

        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Equal("configmap \"gone\" deleted\n", delete.Stdout);
        Assert.Equal(1, get.ExitCode);
    }

    [Fact]
    public async Task GetWatch_SeesAnUpdate()
    {
        var ns = await NewNamespaceAsync();
        await K.RunWithInputAsync(ConfigMapYaml("watched", "k", "1"), "create", "-n", ns, "-f", "-");
        using var watch = K.Start("get", "configmap", "watched", "-n", ns, "-w", "-o", "jsonpath={.data.k}{\"\\n\"}");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await watch.StandardOutput.ReadLineAsync(timeout.Token);
            var replace = await K.RunWithInputAsync(ConfigMapYaml("watched", "k", "2"), "replace", "-n", ns, "-f", "-");
            var second = await watch.StandardOutput.ReadLineAsync(timeout.Token);

            Assert.True(replace.ExitCode == 0, replace.ToString());
            Assert.Equal("1", first);
            Assert.Equal("2", second);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task DeleteNamespace_RemovesItAndItsContents()
    {
        var ns = await NewNamespaceAsync();
        await K.RunWithInputAsync(ConfigMapYaml("inside", "k", "1"), "create", "-n", ns, "-f", "-");

        var delete = await K.RunAsync("delete", "namespace", ns, "--timeout=25s");
        var get = await K.RunAsync("get", "namespace", ns);

        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Contains($"namespace \"{ns}\" deleted", delete.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, get.ExitCode);
        Assert.Contains($"namespaces \"{ns}\" not found", get.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateInMissingNamespace_IsNotFound()
    {
        var r = await K.RunWithInputAsync(ConfigMapYaml("x", "k", "1"), "create", "-n", "does-not-exist", "-f", "-");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("namespaces \"does-not-exist\" not found", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateInvalidName_IsInvalid()
    {
        var r = await K.RunWithInputAsync(ConfigMapYaml("Bad_Name", "k", "1"), "create", "-n", "default", "-f", "-");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypedCreateCommands_NamespaceConfigMapFromLiteralSecret()
    {
        // kubectl's typed create commands send protobuf bodies.
        var ns = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var createNs = await K.RunAsync("create", "namespace", ns);
        var createCm = await K.RunAsync("create", "configmap", "lit", "-n", ns, "--from-literal=a=b", "--from-literal=c=d");
        var createSecret = await K.RunAsync("create", "secret", "generic", "pw", "-n", ns, "--from-literal=p=q");
        var data = await K.RunAsync("get", "configmap", "lit", "-n", ns, "-o", "jsonpath={.data.a},{.data.c}");
        var secret = await K.RunAsync("get", "secret", "pw", "-n", ns, "-o", "jsonpath={.data.p}");

        Assert.True(createNs.ExitCode == 0, createNs.ToString());
        Assert.Equal($"namespace/{ns} created\n", createNs.Stdout);
        Assert.True(createCm.ExitCode == 0, createCm.ToString());
        Assert.Equal("configmap/lit created\n", createCm.Stdout);
        Assert.True(createSecret.ExitCode == 0, createSecret.ToString());
        Assert.Equal("b,d", data.Stdout);
        Assert.Equal("cQ==", secret.Stdout);
    }

    private async Task<string> NewNamespaceAsync()
    {
        var name = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var r = await K.RunWithInputAsync($"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n", "create", "-f", "-");
        Assert.True(r.ExitCode == 0, r.ToString());
        return name;
    }

    private static string ConfigMapYaml(string name, string key, string value) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  {key}: \"{value}\"\n";
}
