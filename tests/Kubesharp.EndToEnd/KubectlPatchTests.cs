namespace Kubesharp.EndToEnd;

/// <summary>
/// kubectl commands that PATCH (label, annotate, patch, apply) through the patch engine.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlPatchTests : IClassFixture<KubesharpServer>
{
    private readonly KubesharpServer _server;

    public KubectlPatchTests(KubesharpServer server) => _server = server;

    private Kubectl K => _server.Kubectl;

    [Fact]
    public async Task LabelAndAnnotate_ShowUpInGetAndSelectors()
    {
        await K.RunWithInputAsync(Yaml("labelled"), "create", "-n", "default", "-f", "-");

        var label = await K.RunAsync("label", "configmap", "labelled", "-n", "default", "tier=web");
        var annotate = await K.RunAsync("annotate", "configmap", "labelled", "-n", "default", "note=hello");
        var selected = await K.RunAsync("get", "configmaps", "-n", "default", "-l", "tier=web", "-o", "name");
        var note = await K.RunAsync("get", "configmap", "labelled", "-n", "default", "-o", "jsonpath={.metadata.annotations.note}");

        Assert.True(label.ExitCode == 0, label.ToString());
        Assert.Equal("configmap/labelled labeled\n", label.Stdout);
        Assert.True(annotate.ExitCode == 0, annotate.ToString());
        Assert.Equal("configmap/labelled\n", selected.Stdout);
        Assert.Equal("hello", note.Stdout);
    }

    [Fact]
    public async Task PatchMerge_ChangesData()
    {
        await K.RunWithInputAsync(Yaml("patched"), "create", "-n", "default", "-f", "-");

        var patch = await K.RunAsync("patch", "configmap", "patched", "-n", "default", "--type=merge", "-p", "{\"data\":{\"k\":\"2\"}}");
        var value = await K.RunAsync("get", "configmap", "patched", "-n", "default", "-o", "jsonpath={.data.k}");

        Assert.True(patch.ExitCode == 0, patch.ToString());
        Assert.Equal("2", value.Stdout);
    }

    [Fact]
    public async Task ApplyServerSide_CreatesThenUpdates()
    {
        var first = await K.RunWithInputAsync(Yaml("applied"), "apply", "--server-side", "-n", "default", "-f", "-");
        var second = await K.RunWithInputAsync(Yaml("applied").Replace("\"1\"", "\"2\"", StringComparison.Ordinal), "apply", "--server-side", "-n", "default", "-f", "-");
        var value = await K.RunAsync("get", "configmap", "applied", "-n", "default", "-o", "jsonpath={.data.k}");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("configmap/applied serverside-applied\n", first.Stdout);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("2", value.Stdout);
    }

    private static string Yaml(string name) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  k: \"1\"\n";
}
