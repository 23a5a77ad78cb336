using System.Text.Json.Nodes;
using k8s;

namespace Kubesharp.EndToEnd;

/// <summary>
/// CustomResourceDefinitions end to end with the real kubectl (default client-side validation)
/// and the C# client's custom object calls against a real <c>kubesharp server</c>.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlCustomResourceTests : IClassFixture<KubesharpServer>
{
    private readonly KubesharpServer _server;

    public KubectlCustomResourceTests(KubesharpServer server) => _server = server;

    private Kubectl K => _server.Kubectl;

    private static string Definition(string group) => """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.GROUP
        spec:
          group: GROUP
          scope: Namespaced
          names:
            plural: crontabs
            singular: crontab
            kind: CronTab
            shortNames: [ct]
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
                      cronSpec:
                        type: string
                        description: The cron schedule the image runs on.
                      image:
                        type: string
                      replicas:
                        type: integer
                        maximum: 10
                        default: 1
                  status:
                    type: object
                    properties:
                      replicas:
                        type: integer
                      labelSelector:
                        type: string
                      phase:
                        type: string
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
                labelSelectorPath: .status.labelSelector
            additionalPrinterColumns:
            - name: Spec
              type: string
              jsonPath: .spec.cronSpec
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
        """.Replace("GROUP", group, StringComparison.Ordinal);

    private static string CronTab(string group, string name, string extra = "") => $"""
        apiVersion: {group}/v1
        kind: CronTab
        metadata:
          name: {name}
        spec:
          cronSpec: "* * * * */5"
          image: my-image{extra}
        """;

    [Fact]
    public async Task CustomResource_FullLifecycle_WithKubectl()
    {
        const string group = "stable.example.com";
        var apply = await K.RunWithInputAsync(Definition(group), "apply", "-f", "-");
        var wait = await K.RunAsync("wait", "--for", "condition=established", "--timeout=30s", $"crd/crontabs.{group}");
        var create = await K.RunWithInputAsync(CronTab(group, "my-cron"), "apply", "-n", "default", "-f", "-");
        var table = await K.RunAsync("get", "crontabs", "-n", "default");
        var shortName = await K.RunAsync("get", "ct", "my-cron", "-n", "default", "-o", "jsonpath={.spec.replicas}");
        var resources = await K.RunAsync("api-resources", "--api-group", group);
        var explain = await K.RunAsync("explain", "crontab.spec.cronSpec");

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.True(wait.ExitCode == 0, wait.ToString());
        Assert.Contains("condition met", wait.Stdout, StringComparison.Ordinal);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Equal($"crontab.{group}/my-cron created\n", create.Stdout);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"^NAME\s+SPEC\s+REPLICAS\s+AGE\nmy-cron\s+\* \* \* \* \*/5\s+1\s+\d+s\n$", table.Stdout);
        Assert.Equal("1", shortName.Stdout);
        Assert.Matches($@"(?m)^crontabs\s+ct\s+{group.Replace(".", "\\.", StringComparison.Ordinal)}/v1\s+true\s+CronTab\s*$", resources.Stdout);
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Contains("KIND:       CronTab", explain.Stdout, StringComparison.Ordinal);
        Assert.Contains("The cron schedule the image runs on.", explain.Stdout, StringComparison.Ordinal);

        // Rejected by the server's schema validation (kubectl cannot check maximum itself).
        var tooMany = await K.RunWithInputAsync(CronTab(group, "bad", "\n  replicas: 20"), "apply", "-n", "default", "-f", "-");
        var wrongType = await K.RunWithInputAsync(CronTab(group, "bad", "\n  replicas: \"three\""), "apply", "--validate=false", "-n", "default", "-f", "-");
        Assert.NotEqual(0, tooMany.ExitCode);
        Assert.Contains("The CronTab \"bad\" is invalid: spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10", tooMany.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, wrongType.ExitCode);
        Assert.Contains("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"", wrongType.Stderr, StringComparison.Ordinal);

        var status = await K.RunAsync("patch", "crontab", "my-cron", "-n", "default", "--subresource", "status", "--type", "merge", "-p", """{"status":{"replicas":1,"labelSelector":"app=cron","phase":"Running"}}""");
        var scale = await K.RunAsync("scale", "crontab", "my-cron", "-n", "default", "--replicas=3");
        var strategic = await K.RunAsync("patch", "crontab", "my-cron", "-n", "default", "--type", "strategic", "-p", """{"spec":{"image":"other"}}""");
        var after = await K.RunAsync("get", "crontab", "my-cron", "-n", "default", "-o", "jsonpath={.spec.replicas} {.status.phase} {.metadata.generation}");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal($"crontab.{group}/my-cron patched\n", status.Stdout);
        Assert.True(scale.ExitCode == 0, scale.ToString());
        Assert.Equal($"crontab.{group}/my-cron scaled\n", scale.Stdout);
        Assert.NotEqual(0, strategic.ExitCode);
        Assert.Contains("application/strategic-merge-patch+json is not supported", strategic.Stderr, StringComparison.Ordinal);
        Assert.Equal("3 Running 2", after.Stdout);

        var delete = await K.RunAsync("delete", "crd", $"crontabs.{group}");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        // api-resources refreshes kubectl's discovery cache, so the next get knows the type is gone.
        var listed = await WaitUntilUnlistedAsync(group);
        var gone = await K.RunAsync("get", "crontabs", "-n", "default");
        Assert.DoesNotContain("crontabs", listed.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("the server doesn't have a resource type \"crontabs\"", gone.Stderr, StringComparison.Ordinal);
        var crds = await K.RunAsync("get", "crd", "-o", "name");
        Assert.DoesNotContain($"crontabs.{group}", crds.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomObjects_CSharpClient_CreateGetPatchListDelete()
    {
        const string group = "csharp.example.com";
        var apply = await K.RunWithInputAsync(Definition(group), "apply", "-f", "-");
        var wait = await K.RunAsync("wait", "--for", "condition=established", "--timeout=30s", $"crd/crontabs.{group}");
        Assert.True(apply.ExitCode == 0 && wait.ExitCode == 0, apply + "\n" + wait);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.KubeconfigPath));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var body = new JsonObject
        {
            ["apiVersion"] = $"{group}/v1",
            ["kind"] = "CronTab",
            ["metadata"] = new JsonObject { ["name"] = "from-csharp" },
            ["spec"] = new JsonObject { ["cronSpec"] = "0 * * * *", ["image"] = "img", ["unknown"] = "pruned" },
        };

        var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(body, group, "v1", "default", "crontabs", cancellationToken: cts.Token);
        var patched = await client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonObject>(
            new k8s.Models.V1Patch("""{"spec":{"image":"img2"}}""", k8s.Models.V1Patch.PatchType.MergePatch), group, "v1", "default", "crontabs", "from-csharp", cancellationToken: cts.Token);
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(group, "v1", "default", "crontabs", cancellationToken: cts.Token);
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync<JsonObject>(group, "v1", "default", "crontabs", "from-csharp", cancellationToken: cts.Token);
        var missing = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(group, "v1", "default", "crontabs", "from-csharp", cancellationToken: cts.Token));

        Assert.Equal("""{"cronSpec":"0 * * * *","image":"img","replicas":1}""", created["spec"]!.ToJsonString());
        Assert.Equal("img2", (string?)patched["spec"]!["image"]);
        Assert.Equal("CronTabList", (string?)list["kind"]);
        Assert.Single(list["items"]!.AsArray());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Response.StatusCode);
        await K.RunAsync("delete", "crd", $"crontabs.{group}");
    }

    /// <summary>kubectl api-resources until the group's crontabs are no longer listed (the cleanup is asynchronous); bounded.</summary>
    private async Task<KubectlResult> WaitUntilUnlistedAsync(string group)
    {
        KubectlResult result = null!;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            result = await K.RunAsync("api-resources", "--api-group", group);
            if (result.ExitCode == 0 && !result.Stdout.Contains("crontabs", StringComparison.Ordinal))
            {
                return result;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        return result;
    }
}
