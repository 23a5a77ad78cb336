using System.Security.Cryptography.X509Certificates;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Joining;
using Kubesharp.Client.Joining;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Testing.Cluster;

namespace Kubesharp.Client.Tests.Joining;

public sealed class NodeJoinTests
{
    private static readonly ResourceType Secrets = BuiltInResources.Get("", "secrets");
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");

    [Fact]
    public async Task JoinAsync_ValidToken_WritesAKubeconfigForTheNodeIdentity()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var token = await CreateTokenAsync(api, DateTimeOffset.UtcNow.AddHours(1), ct);
        var path = Path.Combine(api.DataDirectory, "agent", "kubelet.kubeconfig");

        await NodeJoin.JoinAsync(api.Url, token, "worker-1", path, ct);

        var options = ApiTransports.ReadKubeconfig(path);
        Assert.Equal("O=system:nodes, CN=system:node:worker-1", options.ClientCertificate!.Subject);
        await using var transport = ApiTransports.CreateHttp(options);
        var nodes = await ApiClients.Create(transport).ListAsync(Nodes, null, new ListRequest(), ct);
        Assert.NotNull(nodes["items"]);
    }

    [Fact]
    public async Task JoinAsync_TokenForAnotherCa_RefusesBeforeSendingTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var real = await CreateTokenAsync(api, null, ct);
        var forged = real with { CaHash = new string('0', 64) };

        var error = await Assert.ThrowsAsync<NodeJoinException>(() => NodeJoin.JoinAsync(api.Url, forged, "worker-1", Path.Combine(api.DataDirectory, "x.kubeconfig"), ct));
        Assert.Contains("does not match the join token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoinAsync_ExpiredOrUnknownToken_IsUnauthorized()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var expired = await CreateTokenAsync(api, DateTimeOffset.UtcNow.AddMinutes(-1), ct);
        var unknown = expired with { Id = "zzzzzz" };

        foreach (var token in new[] { expired, unknown })
        {
            var error = await Assert.ThrowsAsync<NodeJoinException>(() => NodeJoin.JoinAsync(api.Url, token, "worker-1", Path.Combine(api.DataDirectory, "x.kubeconfig"), ct));
            Assert.Contains("401", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BootstrapToken_UsedOnTheApi_IsForbidden()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var token = await CreateTokenAsync(api, null, ct);
        var options = ApiTransports.ReadKubeconfig(api.KubeconfigPath) with { ClientCertificate = null, BearerToken = token.BearerToken };
        await using var transport = ApiTransports.CreateHttp(options);

        var error = await Assert.ThrowsAsync<ApiException>(() => ApiClients.Create(transport).ListAsync(Secrets, "kube-system", new ListRequest(), ct));
        Assert.Equal(403, error.Code);
    }

    internal static async Task<JoinToken> CreateTokenAsync(InProcessApiServer api, DateTimeOffset? expiration, CancellationToken ct)
    {
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(api.DataDirectory, "tls", "ca.crt"), ct));
        var token = JoinToken.Generate(ca.RawData);
        Assert.True(JoinToken.TryParse(token.ToString(), out var parsed));
        Assert.Equal(token, parsed);
        await api.Client.CreateAsync(Secrets, "kube-system", BootstrapTokenSecret.Build(token, expiration, "test"), ct);
        return token;
    }
}
