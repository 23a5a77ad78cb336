using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Tests.Serving;

/// <summary>Client certificates: the cluster CA's are users (verified once per connection), any other is anonymous.</summary>
public sealed class AuthenticationTests : IClassFixture<InProcessServer>
{
    private readonly InProcessServer _server;

    public AuthenticationTests(InProcessServer server) => _server = server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_WithoutCertificateOrWithAForeignOne_Are401OnEveryRequestOfTheConnection()
    {
        using var foreignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=intruder, O=system:masters", foreignKey, HashAlgorithmName.SHA256);
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var foreign = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pkcs12), null);
        using var anonymous = Client(null);
        using var intruder = Client(foreign);

        foreach (var client in new[] { anonymous, intruder })
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Ct);
                var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
                Assert.Equal(401, (int)response.StatusCode);
                Assert.Equal("Unauthorized", (string?)status["reason"]);
            }
        }
    }

    [Fact]
    public async Task Requests_WithTheAdminCertificate_AreServedOnEveryRequestOfTheConnection()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await _server.Client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Ct);
            Assert.Equal(200, (int)response.StatusCode);
        }
    }

    private HttpClient Client(X509Certificate2? certificate)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        if (certificate is not null)
        {
            handler.ClientCertificates.Add(certificate);
        }

        return new HttpClient(handler, disposeHandler: true) { BaseAddress = _server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
