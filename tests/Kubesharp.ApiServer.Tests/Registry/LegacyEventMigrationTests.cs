using System.Text;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.ApiServer.Tests.Registry;

public sealed class LegacyEventMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_LegacyEventsV1Objects_MoveToCoreEventsAndReadThroughBothVersions()
    {
        await using var f = await StoreFixture.CreateAsync();
        await f.Store.CreateAsync($"{LegacyEventMigration.LegacyPrefix}default/old", Encoding.UTF8.GetBytes("""
            {"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"old","namespace":"default","uid":"u-1"},"eventTime":"2026-11-24T00:00:00.000000Z",
             "reportingController":"example.com/c","reportingInstance":"c-1","action":"Sync","reason":"Synced","regarding":{"kind":"Pod","name":"p","namespace":"default"},"note":"from before","type":"Normal"}
            """), cancellationToken: Ct);
        // One already under the new prefix with the same name stays as it is.
        await f.Store.CreateAsync($"{LegacyEventMigration.LegacyPrefix}default/both", Encoding.UTF8.GetBytes("""
            {"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"both","namespace":"default"},"note":"legacy copy","type":"Normal"}
            """), cancellationToken: Ct);
        await f.Store.CreateAsync("/registry/events/default/both", Encoding.UTF8.GetBytes("""
            {"kind":"Event","apiVersion":"v1","metadata":{"name":"both","namespace":"default"},"message":"current copy","type":"Normal"}
            """), cancellationToken: Ct);

        var moved = await LegacyEventMigration.RunAsync(f.Store, NullLogger.Instance, Ct);
        var again = await LegacyEventMigration.RunAsync(f.Store, NullLogger.Instance, Ct);

        Assert.Equal(1, moved);
        Assert.Equal(0, again);
        Assert.Equal(0, await f.Store.CountAsync(LegacyEventMigration.LegacyPrefix, Ct));
        var core = await f.Registry.GetAsync(new ObjectRef(BuiltInResources.Get("", "events"), "default", "old"), Ct);
        var events = await f.Registry.GetAsync(new ObjectRef(BuiltInResources.Get("events.k8s.io", "events"), "default", "old"), Ct);
        var kept = await f.Registry.GetAsync(new ObjectRef(BuiltInResources.Get("", "events"), "default", "both"), Ct);
        Assert.Equal("from before", (string?)core["message"]);
        Assert.Equal("example.com/c", (string?)core["reportingComponent"]);
        Assert.Equal("u-1", (string?)core["metadata"]!["uid"]);
        Assert.Equal("from before", (string?)events["note"]);
        Assert.Equal("current copy", (string?)kept["message"]);
    }
}
