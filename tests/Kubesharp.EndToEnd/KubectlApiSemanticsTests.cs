using System.Text.Json.Nodes;

namespace Kubesharp.EndToEnd;

/// <summary>
/// Service account tokens, graceful pod deletion, server-side field validation and protobuf
/// request bodies, driven by the real kubectl against a real <c>kubesharp server</c>.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlApiSemanticsTests : IClassFixture<KubesharpServer>
{
    private readonly KubesharpServer _server;

    public KubectlApiSemanticsTests(KubesharpServer server) => _server = server;

    private Kubectl K => _server.Kubectl;

    [Fact]
    public async Task CreateToken_TokenWorksWithKubectlToken()
    {
        var ns = await NewNamespaceAsync();
        var sa = await K.RunAsync("create", "serviceaccount", "robot", "-n", ns);
        var token = await K.RunAsync("create", "token", "robot", "-n", ns, "--duration=15m");
        Assert.True(sa.ExitCode == 0, sa.ToString());
        Assert.True(token.ExitCode == 0, token.ToString());

        var asRobot = await K.RunAsync("--kubeconfig", "/dev/null", "--server", $"https://127.0.0.1:{_server.Port}", "--insecure-skip-tls-verify", "--token", token.Stdout.Trim(), "get", "serviceaccounts", "-n", ns, "-o", "name");
        var forged = await K.RunAsync("--kubeconfig", "/dev/null", "--server", $"https://127.0.0.1:{_server.Port}", "--insecure-skip-tls-verify", "--token", token.Stdout.Trim()[..^4] + "AAAA", "get", "serviceaccounts", "-n", ns);

        Assert.True(asRobot.ExitCode == 0, asRobot.ToString());
        Assert.Contains("serviceaccount/robot", asRobot.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, forged.ExitCode);
        Assert.Contains("Unauthorized", forged.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteBoundPod_StaysTerminatingUntilForced()
    {
        var ns = await NewNamespaceAsync();
        var node = "e2e-node-" + ns[4..];
        var createNode = await K.RunWithInputAsync($"apiVersion: v1\nkind: Node\nmetadata:\n  name: {node}\n", "create", "-f", "-");
        var createPod = await K.RunWithInputAsync(
            $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeName: {node}\n  terminationGracePeriodSeconds: 120\n  containers:\n  - name: c\n    image: busybox\n",
            "create", "-n", ns, "-f", "-");
        Assert.True(createNode.ExitCode == 0, createNode.ToString());
        Assert.True(createPod.ExitCode == 0, createPod.ToString());

        var delete = await K.RunAsync("delete", "pod", "p", "-n", ns, "--wait=false");
        var terminating = await K.RunAsync("get", "pod", "p", "-n", ns, "-o", "jsonpath={.metadata.deletionGracePeriodSeconds} {.metadata.deletionTimestamp}");
        var table = await K.RunAsync("get", "pod", "p", "-n", ns);
        var force = await K.RunAsync("delete", "pod", "p", "-n", ns, "--force", "--grace-period=0");
        var gone = await K.RunAsync("get", "pod", "p", "-n", ns);

        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.True(terminating.ExitCode == 0, terminating.ToString());
        Assert.StartsWith("120 20", terminating.Stdout, StringComparison.Ordinal);
        Assert.Contains("Terminating", table.Stdout, StringComparison.Ordinal);
        Assert.True(force.ExitCode == 0, force.ToString());
        Assert.Contains("Immediate deletion does not wait", force.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
        await K.RunAsync("delete", "node", node);
    }

    [Fact]
    public async Task DeleteUnboundPod_IsImmediate()
    {
        var ns = await NewNamespaceAsync();
        await K.RunWithInputAsync("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n", "create", "-n", ns, "-f", "-");

        var delete = await K.RunAsync("delete", "pod", "p", "-n", ns, "--wait=false");
        var gone = await K.RunAsync("get", "pod", "p", "-n", ns);

        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateWithUnknownFields_StrictByDefaultRefuses_WarnWarns()
    {
        var ns = await NewNamespaceAsync();
        const string Yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  foo: 1\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n      - name: c\n        image: busybox\n        bogus: true\n";

        var strict = await K.RunWithInputAsync(Yaml, "create", "-n", ns, "-f", "-");
        var warn = await K.RunWithInputAsync(Yaml, "create", "-n", ns, "-f", "-", "--validate=warn");
        var stored = await K.RunAsync("get", "deployment", "d", "-n", ns, "-o", "json");

        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].bogus\"", strict.Stderr, StringComparison.Ordinal);
        Assert.True(warn.ExitCode == 0, warn.ToString());
        Assert.Contains("Warning: unknown field \"spec.foo\"", warn.Stderr, StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(stored.Stdout)!["spec"]!["foo"]);
    }

    [Fact]
    public async Task TypedCreates_SendProtobuf_ObjectsHaveTheirFields()
    {
        var ns = await NewNamespaceAsync();
        string[][] commands =
        [
            ["create", "deployment", "web", "--image=busybox", "--replicas=0", "--port=80"],
            ["create", "service", "clusterip", "websvc", "--tcp=80:8080"],
            ["create", "job", "j1", "--image=busybox", "--", "echo", "hi"],
            ["create", "cronjob", "cj", "--image=busybox", "--schedule=*/5 * * * *", "--", "echo", "hi"],
            ["create", "role", "r1", "--verb=get,list", "--resource=pods"],
            ["create", "rolebinding", "rb1", "--role=r1", "--user=alice"],
            ["create", "quota", "q1", "--hard=cpu=1,pods=10"],
            ["create", "pdb", "pdb1", "--selector=app=web", "--min-available=1"],
            ["create", "ingress", "ing1", "--rule=foo.com/bar=websvc:80"],
            ["expose", "deployment", "web", "--port=8080", "--target-port=80", "--name=webexp"],
        ];
        foreach (var command in commands)
        {
            var r = await K.RunAsync(["-n", ns, .. command]);
            Assert.True(r.ExitCode == 0, r.ToString());
        }

        async Task<JsonNode> GetAsync(string kind, string name)
        {
            var r = await K.RunAsync("get", kind, name, "-n", ns, "-o", "json");
            Assert.True(r.ExitCode == 0, r.ToString());
            return JsonNode.Parse(r.Stdout)!;
        }

        var deployment = await GetAsync("deployment", "web");
        Assert.Equal(0, (int)deployment["spec"]!["replicas"]!);
        Assert.Equal(80, (int)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!);
        Assert.Null(deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["stdin"]);
        Assert.Equal(8080, (int)(await GetAsync("service", "websvc"))["spec"]!["ports"]![0]!["targetPort"]!);
        Assert.Equal("echo", (string?)(await GetAsync("job", "j1"))["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]![0]);
        Assert.Equal("*/5 * * * *", (string?)(await GetAsync("cronjob", "cj"))["spec"]!["schedule"]);
        Assert.Equal("list", (string?)(await GetAsync("role", "r1"))["rules"]![0]!["verbs"]![1]);
        Assert.Equal("alice", (string?)(await GetAsync("rolebinding", "rb1"))["subjects"]![0]!["name"]);
        Assert.Equal("1", (string?)(await GetAsync("quota", "q1"))["spec"]!["hard"]!["cpu"]);
        Assert.Equal(1, (int)(await GetAsync("pdb", "pdb1"))["spec"]!["minAvailable"]!);
        Assert.Equal("websvc", (string?)(await GetAsync("ingress", "ing1"))["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["name"]);
        Assert.Equal(80, (int)(await GetAsync("service", "webexp"))["spec"]!["ports"]![0]!["targetPort"]!);
    }

    private async Task<string> NewNamespaceAsync()
    {
        var name = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var r = await K.RunAsync("create", "namespace", name);
        Assert.True(r.ExitCode == 0, r.ToString());
        return name;
    }
}
