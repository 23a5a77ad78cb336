using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.ServiceAccounts;

public sealed class ServiceAccountsControllerTests
{
    private static readonly ResourceType Namespaces = BuiltInResources.Get("", "namespaces");
    private static readonly ResourceType Accounts = BuiltInResources.Get("", "serviceaccounts");

    [Fact]
    public async Task Reconcile_NewNamespace_GetsADefaultServiceAccountAgainAfterDeletion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "team-a" } }, ct);

        var names = await ControllerHarness.EventuallyAsync(() => NamesAsync(harness, ct), n => n.Contains("default"), ct);
        Assert.Contains("default", names);

        await harness.Client.DeleteAsync(Accounts, "team-a", "default", null, ct);
        var again = await ControllerHarness.EventuallyAsync(() => NamesAsync(harness, ct), n => n.Contains("default"), ct);
        Assert.Contains("default", again);
        Assert.Contains("default", await ControllerHarness.EventuallyAsync(async () => (await harness.Client.ListAsync(Accounts, "kube-system", new ListRequest(), ct))["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList(), n => n.Contains("default"), ct));
    }

    private static async Task<List<string>> NamesAsync(ControllerHarness harness, CancellationToken ct) =>
        (await harness.Client.ListAsync(Accounts, "team-a", new ListRequest(), ct))["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
}
