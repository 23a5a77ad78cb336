using System.Text;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Tests.Registry;

/// <summary>Creates in a terminating namespace are refused (upstream's NamespaceLifecycle); the check reads the stored bytes first.</summary>
public sealed class NamespaceAcceptsCreateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_NamespaceBeingTerminated_Is403()
    {
        await using var f = await StoreFixture.CreateAsync();
        await f.Store.CreateAsync("/registry/namespaces/gone", Encoding.UTF8.GetBytes(
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"gone","uid":"u","deletionTimestamp":"2024-01-01T00:00:00Z"},"spec":{"finalizers":["kubernetes"]}}"""), cancellationToken: Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Resources.ConfigMaps, "gone", Resources.ConfigMap("a"), WriteOptions.None, Ct));

        Assert.Equal(403, e.Code);
        Assert.Contains("because it is being terminated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NamespaceMentioningDeletionTimestampElsewhere_IsAccepted()
    {
        await using var f = await StoreFixture.CreateAsync();
        await f.Store.CreateAsync("/registry/namespaces/live", Encoding.UTF8.GetBytes(
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"live","uid":"u","annotations":{"deletionTimestamp":"only an annotation"}}}"""), cancellationToken: Ct);

        var created = await f.Registry.CreateAsync(Resources.ConfigMaps, "live", Resources.ConfigMap("a"), WriteOptions.None, Ct);

        Assert.Equal("live", (string?)created["metadata"]!["namespace"]);
    }
}
