using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Tests.Fakes;

namespace Kubesharp.Client.Tests.Rest;

public sealed class ApiClientTests
{
    private static readonly ResourceType ConfigMaps = BuiltInResources.All.Single(r => r.Plural == "configmaps");
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAsync_Paged_ReturnsContinueUntilDone()
    {
        var server = new FakeApiServer();
        var client = ApiClients.Create(server);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateAsync(ConfigMaps, "a", new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"c{i}" } }, Ct);
        }

        var first = await client.ListAsync(ConfigMaps, "a", new ListRequest { Limit = 2 }, Ct);
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        var second = await client.ListAsync(ConfigMaps, "a", new ListRequest { Limit = 2, Continue = token }, Ct);
        Assert.Single(second["items"]!.AsArray());
        Assert.Null(second["metadata"]!["continue"]);
    }
}
