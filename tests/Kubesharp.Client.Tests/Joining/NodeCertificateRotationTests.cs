using Kubesharp.Api.Catalog;
using Kubesharp.Client.Joining;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Tests.Fakes;
using Kubesharp.Client.Transport;
using Kubesharp.Testing.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Client.Tests.Joining;

/// <summary>A joined node renews its own client certificate against the real server before it expires.</summary>
public sealed class NodeCertificateRotationTests
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");

    [Fact]
    public async Task RenewIfDueAsync_FarFromExpiry_KeepsTheCertificate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var path = await JoinAsync(api, "worker-1", ct);
        var before = await File.ReadAllTextAsync(path, ct);
        var time = new FakeTimeProvider();
        time.Advance(DateTimeOffset.UtcNow.AddDays(200) - time.GetUtcNow());

        var renewed = await new NodeCertificateRotation(path, "worker-1", new NodeCertificateRotationOptions(), time, NullLogger.Instance).RenewIfDueAsync(ct);

        Assert.False(renewed);
        Assert.Equal(before, await File.ReadAllTextAsync(path, ct));
    }

    [Fact]
    public async Task RenewIfDueAsync_WithinTheWindow_NewCertificateForTheSameNodeThatTransportsFollow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var path = await JoinAsync(api, "worker-1", ct);
        var old = ApiTransports.ReadKubeconfig(path).ClientCertificate!;
        var followed = new KubeconfigClientCertificate(path, null, old);
        var time = new FakeTimeProvider();
        time.Advance(DateTimeOffset.UtcNow.AddDays(300) - time.GetUtcNow());

        var renewed = await new NodeCertificateRotation(path, "worker-1", new NodeCertificateRotationOptions(), time, NullLogger.Instance).RenewIfDueAsync(ct);

        Assert.True(renewed);
        var options = ApiTransports.ReadKubeconfig(path);
        var fresh = options.ClientCertificate!;
        Assert.NotEqual(old.Thumbprint, fresh.Thumbprint);
        Assert.NotEqual(old.GetPublicKeyString(), fresh.GetPublicKeyString()); // a new key, not only a new certificate
        Assert.Equal("O=system:nodes, CN=system:node:worker-1", fresh.Subject);
        // What a transport made before the renewal presents on its next connection.
        Assert.Equal(fresh.Thumbprint, followed.Current().Thumbprint);
        await using var transport = ApiTransports.FromKubeconfig(path);
        var nodes = await ApiClients.Create(transport).ListAsync(Nodes, null, new ListRequest(), ct);
        Assert.NotNull(nodes["items"]);
    }

    [Fact]
    public async Task RenewAsync_ForAnotherNodesName_IsForbidden()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var path = await JoinAsync(api, "worker-1", ct);
        var before = await File.ReadAllTextAsync(path, ct);

        var error = await Assert.ThrowsAsync<NodeJoinException>(() => NodeJoin.RenewAsync(path, "worker-2", ct));

        Assert.Equal("the server refused a certificate for node worker-2: 403 user \"system:node:worker-1\" may renew only its own node certificate, not one for node \"worker-2\"", error.Message);
        Assert.Equal(before, await File.ReadAllTextAsync(path, ct));
    }

    [Fact]
    public void KubeconfigClientCertificate_FileUnreadable_KeepsTheLoadedOne()
    {
        var path = Path.Combine(Path.GetTempPath(), "kubesharp-kc-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "not: [a kubeconfig");
        using var loaded = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String(SelfSigned()));
        var followed = new KubeconfigClientCertificate(path, null, loaded);
        File.WriteAllText(path, "still: [not one");

        Assert.Same(loaded, followed.Current());
        File.Delete(path);
    }

    private static string SelfSigned()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=x", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(certificate.RawData);
    }

    private static async Task<string> JoinAsync(InProcessApiServer api, string node, CancellationToken ct)
    {
        var token = await NodeJoinTests.CreateTokenAsync(api, null, ct);
        var path = Path.Combine(api.DataDirectory, "agent-" + node, "node.kubeconfig");
        await NodeJoin.JoinAsync(api.Url, token, node, path, ct);
        return path;
    }
}
