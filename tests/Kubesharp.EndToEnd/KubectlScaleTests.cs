namespace Kubesharp.EndToEnd;

/// <summary>kubectl scale and drain-style subresources against kubesharp server with the real kubectl.</summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlScaleTests : IClassFixture<KubesharpServer>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: scaled
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: scaled
          template:
            metadata:
              labels:
                app: scaled
            spec:
              containers:
              - name: web
                image: nginx:1.27
        """;

    private readonly KubesharpServer _server;

    public KubectlScaleTests(KubesharpServer server) => _server = server;

    private Kubectl K => _server.Kubectl;

    [Fact]
    public async Task ScaleDeployment_SetsSpecReplicas()
    {
        var create = await K.RunWithInputAsync(Deployment, "create", "-n", "default", "-f", "-");
        Assert.True(create.ExitCode == 0, create.ToString());

        var scale = await K.RunAsync("scale", "deployment", "scaled", "-n", "default", "--replicas=3");
        var replicas = await K.RunAsync("get", "deployment", "scaled", "-n", "default", "-o", "jsonpath={.spec.replicas}");

        Assert.True(scale.ExitCode == 0, scale.ToString());
        Assert.Equal("deployment.apps/scaled scaled\n", scale.Stdout);
        Assert.Equal("3", replicas.Stdout);
    }

    [Fact]
    public async Task ScaleDeployment_WithStaleCurrentReplicas_Fails()
    {
        var create = await K.RunWithInputAsync(Deployment.Replace("name: scaled", "name: guarded", StringComparison.Ordinal), "create", "-n", "default", "-f", "-");
        Assert.True(create.ExitCode == 0, create.ToString());

        var scale = await K.RunAsync("scale", "deployment", "guarded", "-n", "default", "--current-replicas=2", "--replicas=5");
        var replicas = await K.RunAsync("get", "deployment", "guarded", "-n", "default", "-o", "jsonpath={.spec.replicas}");

        Assert.NotEqual(0, scale.ExitCode);
        Assert.Contains("Expected replicas to be 2, was 1", scale.Stderr, StringComparison.Ordinal);
        Assert.Equal("1", replicas.Stdout);
    }
}
