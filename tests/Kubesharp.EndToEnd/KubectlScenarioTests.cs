using System.Text.Json.Nodes;

namespace Kubesharp.EndToEnd;

/// <summary>
/// The issue's kubectl scenario, step by step, with the default kubectl (1.32) and the 1.27 and
/// 1.33 builds installed beside it: create, apply, get (-o wide/yaml/json/jsonpath), describe,
/// edit, label, annotate, diff, apply --server-side (conflict, then forced), get -w,
/// api-resources, explain, a CRD and its custom resource, delete, namespaces.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlScenarioTests : IClassFixture<KubesharpServer>
{
    private readonly KubesharpServer _server;

    public KubectlScenarioTests(KubesharpServer server) => _server = server;

    private static string Manifest(string color) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: app
                image: busybox:1.36
                command: ["sleep", "3600"]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          color: {color}
        """;

    private static string Definition(string group) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.{{group}}
        spec:
          group: {{group}}
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer, description: How big the widget is.}
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("1.27")]
    [InlineData("1.33")]
    public async Task Scenario_PassesWithEachKubectlBuild(string? version)
    {
        var path = Kubectl.PathOf(version);
        Assert.True(File.Exists(path), $"{path} is not installed");
        var k = new Kubectl(_server.KubeconfigPath) { Path = path, Environment = new Dictionary<string, string> { ["KUBE_EDITOR"] = "sed -i s/color:.blue/color:\\ green/" } };
        var tag = version?.Replace('.', '-') ?? "default";
        var ns = "scenario-" + tag;

        Ok(await k.RunAsync("create", "namespace", ns), "create namespace", $"namespace/{ns} created\n");
        Assert.Contains($"{ns} ", Ok(await k.RunAsync("get", "namespaces"), "get namespaces"), StringComparison.Ordinal);
        Ok(await k.RunWithInputAsync(Manifest("blue"), "apply", "-n", ns, "-f", "-"), "apply", "deployment.apps/web created\nconfigmap/settings created\n");

        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nweb\s+\d/2\s+\d+\s+\d+\s+\S+\s+app\s+busybox:1\.36\s+app=web\n$",
            Ok(await k.RunAsync("get", "deployments", "-n", ns, "-o", "wide"), "get -o wide"));
        Assert.Contains("  replicas: 2\n", Ok(await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "yaml"), "get -o yaml"), StringComparison.Ordinal);
        var json = JsonNode.Parse(Ok(await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "json"), "get -o json"))!;
        Assert.Equal("busybox:1.36", (string?)json["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal("web 2", Ok(await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.metadata.name} {.spec.replicas}"), "get -o jsonpath"));

        var described = Ok(await k.RunAsync("describe", "deployment", "web", "-n", ns), "describe deployment");
        Assert.Matches(@"(?m)^Name:\s+web$", described);
        Assert.Matches(@"(?m)^Selector:\s+app=web$", described);
        Assert.Matches(@"(?m)^Replicas:\s+2 desired", described);
        Assert.Matches(@"(?m)^color:\n-+\nblue$", Ok(await k.RunAsync("describe", "configmap", "settings", "-n", ns), "describe configmap"));

        Ok(await k.RunAsync("edit", "configmap", "settings", "-n", ns), "edit", "configmap/settings edited\n");
        Ok(await k.RunAsync("label", "configmap", "settings", "-n", ns, "tier=gold"), "label", "configmap/settings labeled\n");
        // kubectl 1.27 itself prints "annotate" (its message, not the server's).
        Assert.Matches(@"^configmap/settings annotated?\n$", Ok(await k.RunAsync("annotate", "configmap", "settings", "-n", ns, "note=hello"), "annotate"));
        Assert.Equal("green gold hello", Ok(await k.RunAsync("get", "configmaps", "-n", ns, "-l", "tier=gold", "-o", "jsonpath={.items[0].data.color} {.items[0].metadata.labels.tier} {.items[0].metadata.annotations.note}"), "get -l"));

        // diff exits 1 when the manifest differs from the live objects.
        var diff = await k.RunWithInputAsync(Manifest("red"), "diff", "-n", ns, "-f", "-");
        Assert.True(diff.ExitCode == 1, $"diff: {diff}");
        Assert.Contains("-  color: green\n", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains("+  color: red\n", diff.Stdout, StringComparison.Ordinal);

        // kubectl edit owns data.color now: a server-side apply changing it conflicts until forced.
        var conflict = await k.RunWithInputAsync(Manifest("red"), "apply", "--server-side", "-n", ns, "-f", "-");
        Assert.True(conflict.ExitCode != 0, $"apply --server-side without force: {conflict}");
        Assert.Contains("conflict with \"kubectl-edit\"", conflict.Stderr, StringComparison.Ordinal);
        Ok(await k.RunWithInputAsync(Manifest("red"), "apply", "--server-side", "--force-conflicts", "-n", ns, "-f", "-"), "apply --server-side --force-conflicts",
            "deployment.apps/web serverside-applied\nconfigmap/settings serverside-applied\n");
        Assert.Equal("red", Ok(await k.RunAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.color}"), "get after apply"));

        using (var watch = k.Start("get", "configmap", "settings", "-n", ns, "-w", "-o", "jsonpath={.data.color}{\"\\n\"}"))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var first = await watch.StandardOutput.ReadLineAsync(timeout.Token);
                Ok(await k.RunAsync("patch", "configmap", "settings", "-n", ns, "--type", "merge", "-p", """{"data":{"color":"violet"}}"""), "patch", "configmap/settings patched\n");
                var second = await watch.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.Equal("red", first);
                Assert.Equal("violet", second);
            }
            finally
            {
                watch.Kill(entireProcessTree: true);
            }
        }

        var resources = Ok(await k.RunAsync("api-resources"), "api-resources");
        Assert.Matches(@"(?m)^deployments\s+deploy\s+apps/v1\s+true\s+Deployment\s*$", resources);
        Assert.Matches(@"(?m)^configmaps\s+cm\s+v1\s+true\s+ConfigMap\s*$", resources);
        Assert.Matches(@"(?m)^events\s+ev\s+events\.k8s\.io/v1\s+true\s+Event\s*$", resources);
        var explain = Ok(await k.RunAsync("explain", "deployment.spec.replicas"), "explain");
        Assert.Matches(@"KIND:\s+Deployment", explain);
        Assert.Contains("replicas", explain, StringComparison.Ordinal);
        Assert.Contains("<integer>", explain, StringComparison.Ordinal);

        var group = $"{tag}.scenario.example.com";
        Ok(await k.RunWithInputAsync(Definition(group), "apply", "-f", "-"), "apply crd", $"customresourcedefinition.apiextensions.k8s.io/widgets.{group} created\n");
        Ok(await k.RunAsync("wait", "--for", "condition=established", "--timeout=30s", $"crd/widgets.{group}"), "wait crd");
        Ok(await k.RunWithInputAsync($"apiVersion: {group}/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n", "apply", "-n", ns, "-f", "-"), "apply custom resource", $"widget.{group}/w1 created\n");
        Assert.Equal("3", Ok(await k.RunAsync("get", $"widgets.{group}", "w1", "-n", ns, "-o", "jsonpath={.spec.size}"), "get custom resource"));
        Assert.Contains("How big the widget is.", Ok(await k.RunAsync("explain", "widgets.spec.size", $"--api-version={group}/v1"), "explain custom resource"), StringComparison.Ordinal);
        Deleted(await k.RunAsync("delete", $"widgets.{group}", "w1", "-n", ns), "delete custom resource", $"widget.{group} \"w1\"");
        Deleted(await k.RunAsync("delete", "crd", $"widgets.{group}"), "delete crd", $"customresourcedefinition.apiextensions.k8s.io \"widgets.{group}\"");

        Deleted(await k.RunWithInputAsync(Manifest("red"), "delete", "-n", ns, "-f", "-"), "delete -f", "deployment.apps \"web\"", "configmap \"settings\"");
        var gone = await k.RunAsync("get", "configmap", "settings", "-n", ns);
        Assert.True(gone.ExitCode == 1, $"get after delete: {gone}");
        Assert.Contains("(NotFound)", gone.Stderr, StringComparison.Ordinal);
        Deleted(await k.RunAsync("delete", "namespace", ns), "delete namespace", $"namespace \"{ns}\"");
    }

    /// <summary>A delete printed one line per object; newer builds add " from NS namespace" to namespaced ones.</summary>
    private static void Deleted(KubectlResult result, string step, params string[] objects)
    {
        Ok(result, step);
        var pattern = "^" + string.Concat(objects.Select(o => System.Text.RegularExpressions.Regex.Escape(o) + @" deleted( from \S+ namespace)?\n")) + "$";
        Assert.Matches(pattern, result.Stdout);
    }

    /// <summary>Asserts the step succeeded (and printed <paramref name="stdout"/> when given); returns its output.</summary>
    private static string Ok(KubectlResult result, string step, string? stdout = null)
    {
        Assert.True(result.ExitCode == 0, $"{step}: {result}");
        if (stdout is not null)
        {
            Assert.True(stdout == result.Stdout, $"{step}: expected {stdout.TrimEnd()} but got {result}");
        }

        return result.Stdout;
    }
}
