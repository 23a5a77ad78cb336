namespace Kubesharp.EndToEnd;

/// <summary>Secrets with the real kubectl: stringData applied from a manifest reads back as base64 data.</summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlSecretTests : IClassFixture<KubesharpServer>
{
    private readonly KubesharpServer _server;

    public KubectlSecretTests(KubesharpServer server) => _server = server;

    private Kubectl K => _server.Kubectl;

    [Fact]
    public async Task ApplyStringData_ReadsBackAsData()
    {
        var ns = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await K.RunAsync("create", "namespace", ns)).ExitCode);
        const string Manifest = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: creds
            stringData:
              user: admin
            """;

        var apply = await K.RunWithInputAsync(Manifest, "apply", "-n", ns, "-f", "-");
        var reapply = await K.RunWithInputAsync(Manifest.Replace("user: admin", "user: root", StringComparison.Ordinal), "apply", "-n", ns, "-f", "-");
        var data = await K.RunAsync("get", "secret", "creds", "-n", ns, "-o", "jsonpath={.data.user} {.type}");
        var json = await K.RunAsync("get", "secret", "creds", "-n", ns, "-o", "json");

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.True(reapply.ExitCode == 0, reapply.ToString());
        Assert.Equal("cm9vdA== Opaque", data.Stdout);
        Assert.DoesNotContain("\"stringData\": {", json.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await K.RunAsync("delete", "namespace", ns, "--wait=false")).ExitCode);
    }
}
