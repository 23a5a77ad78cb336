using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Manager;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.RootCaPublisher;

public sealed class RootCaPublisherControllerTests
{
    private const string Ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static readonly ResourceType ConfigMaps = BuiltInResources.Get("", "configmaps");
    private static readonly ResourceType Namespaces = BuiltInResources.Get("", "namespaces");

    [Fact]
    public async Task Reconcile_NewNamespace_GetsCaConfigMap_RestoredAfterEditAndDelete()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct, new ControllerManagerOptions("test") { LeaderElect = false, RootCaCertificate = Ca });
        await harness.Client.CreateAsync(Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "team" } }, ct);

        var created = await ControllerHarness.EventuallyAsync(() => TryGetAsync("team", ct), cm => cm is not null, ct);
        Assert.Equal(Ca, (string?)created!["data"]!["ca.crt"]);

        var edited = (JsonObject)created.DeepClone();
        edited["data"]!["ca.crt"] = "tampered";
        await harness.Client.UpdateAsync(ConfigMaps, edited, ct);
        var restored = await ControllerHarness.EventuallyAsync(() => TryGetAsync("team", ct), cm => (string?)cm?["data"]?["ca.crt"] == Ca, ct);
        Assert.Equal(Ca, (string?)restored!["data"]!["ca.crt"]);

        await harness.Client.DeleteAsync(ConfigMaps, "team", "kube-root-ca.crt", null, ct);
        var recreated = await ControllerHarness.EventuallyAsync(() => TryGetAsync("team", ct), cm => cm is not null && (string?)cm["metadata"]!["uid"] != (string?)created["metadata"]!["uid"], ct);
        Assert.Equal(Ca, (string?)recreated!["data"]!["ca.crt"]);

        async Task<JsonObject?> TryGetAsync(string ns, CancellationToken token)
        {
            try
            {
                return await harness.Client.GetAsync(ConfigMaps, ns, "kube-root-ca.crt", token);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                return null;
            }
        }
    }
}
