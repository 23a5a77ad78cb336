using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.ServiceAccounts;

/// <summary>serviceaccounts/token and service account bearer tokens over HTTPS on the real host.</summary>
public sealed class TokenRequestEndpointTests : IClassFixture<InProcessServer>
{
    private const string Accounts = "/api/v1/namespaces/default/serviceaccounts";
    private readonly HttpClient _admin;

    public TokenRequestEndpointTests(InProcessServer server) => _admin = server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateToken_Defaults_201WithTokenThatAuthenticates()
    {
        await CreateAsync(Accounts, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "robot" } });

        var (code, answer) = await SendAsync(_admin, HttpMethod.Post, $"{Accounts}/robot/token", new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest" });
        var token = (string)answer["status"]!["token"]!;

        Assert.Equal(201, code);
        Assert.Equal(3600, (long)answer["spec"]!["expirationSeconds"]!);
        Assert.Equal("https://kubernetes.default.svc.cluster.local", (string?)answer["spec"]!["audiences"]![0]);
        Assert.Equal(200, await StatusWithTokenAsync(token, "/api/v1/namespaces/default/configmaps"));
    }

    [Fact]
    public async Task Authenticate_ServiceAccountDeleted_401()
    {
        await CreateAsync(Accounts, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "doomed" } });
        var token = await TokenAsync("doomed", new JsonObject());

        await SendAsync(_admin, HttpMethod.Delete, $"{Accounts}/doomed", null);

        Assert.Equal(401, await StatusWithTokenAsync(token, "/api/v1/namespaces/default/configmaps"));
    }

    [Fact]
    public async Task Authenticate_BoundPodDeleted_401()
    {
        await CreateAsync(Accounts, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "worker" } });
        var (_, pod) = await CreateAsync("/api/v1/namespaces/default/pods", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "token-pod" },
            ["spec"] = new JsonObject { ["serviceAccountName"] = "worker", ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
        });
        var token = await TokenAsync("worker", new JsonObject { ["boundObjectRef"] = new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["name"] = "token-pod", ["uid"] = pod["metadata"]!["uid"]!.DeepClone() } });
        var before = await StatusWithTokenAsync(token, "/api/v1/namespaces/default/configmaps");

        await SendAsync(_admin, HttpMethod.Delete, "/api/v1/namespaces/default/pods/token-pod", null);

        Assert.Equal(200, before);
        Assert.Equal(401, await StatusWithTokenAsync(token, "/api/v1/namespaces/default/configmaps"));
    }

    [Fact]
    public async Task CreateToken_BoundToPodOfAnotherAccount_400()
    {
        await CreateAsync(Accounts, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "other" } });
        await CreateAsync("/api/v1/namespaces/default/pods", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "default-pod" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
        });

        var (code, _) = await SendAsync(_admin, HttpMethod.Post, $"{Accounts}/other/token", new JsonObject { ["spec"] = new JsonObject { ["boundObjectRef"] = new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["name"] = "default-pod" } } });

        Assert.Equal(400, code);
    }

    [Fact]
    public async Task CreateToken_ShortExpiration_422()
    {
        await CreateAsync(Accounts, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "brief" } });

        var (code, status) = await SendAsync(_admin, HttpMethod.Post, $"{Accounts}/brief/token", new JsonObject { ["spec"] = new JsonObject { ["expirationSeconds"] = 599 } });

        Assert.Equal(422, code);
        Assert.Equal("spec.expirationSeconds", (string?)status["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task CreateToken_MissingAccount_404()
    {
        var (code, _) = await SendAsync(_admin, HttpMethod.Post, $"{Accounts}/nobody/token", new JsonObject());

        Assert.Equal(404, code);
    }

    [Fact]
    public async Task Authenticate_GarbageJwt_401()
    {
        Assert.Equal(401, await StatusWithTokenAsync("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "/api/v1/namespaces/default/configmaps"));
    }

    [Fact]
    public async Task Jwks_ServesTheSigningKey()
    {
        var (code, jwks) = await SendAsync(_admin, HttpMethod.Get, "/openid/v1/jwks", null);
        var (_, configuration) = await SendAsync(_admin, HttpMethod.Get, "/.well-known/openid-configuration", null);

        Assert.Equal(200, code);
        Assert.Equal("EC", (string?)jwks["keys"]![0]!["kty"]);
        Assert.Equal("https://kubernetes.default.svc.cluster.local", (string?)configuration["issuer"]);
    }

    private async Task<string> TokenAsync(string account, JsonObject spec)
    {
        var (code, answer) = await SendAsync(_admin, HttpMethod.Post, $"{Accounts}/{account}/token", new JsonObject { ["spec"] = spec });
        Assert.Equal(201, code);
        return (string)answer["status"]!["token"]!;
    }

    private async Task<int> StatusWithTokenAsync(string token, string path)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { BaseAddress = _admin.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync(path, Ct);
        return (int)response.StatusCode;
    }

    private Task<(int Code, JsonNode Body)> CreateAsync(string path, JsonObject body) => SendAsync(_admin, HttpMethod.Post, path, body);

    private static async Task<(int Code, JsonNode Body)> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }
}
