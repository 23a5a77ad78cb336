using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.ServiceAccounts;

namespace Kubesharp.ApiServer.Tests.ServiceAccounts;

public sealed class ServiceAccountTokensTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kubesharp-sa-" + Guid.NewGuid().ToString("N"));

    private static TokenClaims Claims => new("ns1", "robot", "uid-1", [ServiceAccountTokens.Issuer], Now, Now.AddHours(1))
    {
        Pod = new BoundObject("web-0", "pod-uid"),
    };

    [Fact]
    public void Issue_ThenRead_ReturnsTheClaims()
    {
        using var key = ServiceAccountSigningKey.LoadOrCreate(_directory);
        var tokens = new ServiceAccountTokens(key);

        var read = tokens.Read(tokens.Issue(Claims), Now.AddMinutes(5));

        Assert.NotNull(read);
        Assert.Equal("system:serviceaccount:ns1:robot", read.Subject);
        Assert.Equal("uid-1", read.ServiceAccountUid);
        Assert.Equal(new BoundObject("web-0", "pod-uid"), read.Pod);
        Assert.Equal(Now.AddHours(1), read.Expires);
    }

    [Fact]
    public void Issue_Payload_HasUpstreamClaims()
    {
        using var key = ServiceAccountSigningKey.LoadOrCreate(_directory);
        var token = new ServiceAccountTokens(key).Issue(Claims);

        var parts = token.Split('.');
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;

        Assert.Equal("ES256", (string?)header["alg"]);
        Assert.Equal(key.KeyId, (string?)header["kid"]);
        Assert.Equal(ServiceAccountTokens.Issuer, (string?)payload["iss"]);
        Assert.Equal("system:serviceaccount:ns1:robot", (string?)payload["sub"]);
        Assert.Equal(Now.AddHours(1).ToUnixTimeSeconds(), (long)payload["exp"]!);
        Assert.Equal("ns1", (string?)payload["kubernetes.io"]!["namespace"]);
        Assert.Equal("robot", (string?)payload["kubernetes.io"]!["serviceaccount"]!["name"]);
        Assert.Equal("web-0", (string?)payload["kubernetes.io"]!["pod"]!["name"]);
    }

    [Fact]
    public void Read_Expired_IsNull()
    {
        using var key = ServiceAccountSigningKey.LoadOrCreate(_directory);
        var tokens = new ServiceAccountTokens(key);

        Assert.Null(tokens.Read(tokens.Issue(Claims), Now.AddHours(1).AddSeconds(1)));
    }

    [Fact]
    public void Read_TamperedPayload_IsNull()
    {
        using var key = ServiceAccountSigningKey.LoadOrCreate(_directory);
        var tokens = new ServiceAccountTokens(key);
        var parts = tokens.Issue(Claims).Split('.');
        var forged = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("robot", "admin", StringComparison.Ordinal);

        Assert.Null(tokens.Read($"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged))}.{parts[2]}", Now));
    }

    [Fact]
    public void Read_SignedByAnotherCluster_IsNull()
    {
        using var ours = ServiceAccountSigningKey.LoadOrCreate(_directory);
        using var theirs = ServiceAccountSigningKey.LoadOrCreate(_directory + "-other");
        try
        {
            Assert.Null(new ServiceAccountTokens(ours).Read(new ServiceAccountTokens(theirs).Issue(Claims), Now));
        }
        finally
        {
            Directory.Delete(_directory + "-other", recursive: true);
        }
    }

    [Fact]
    public void LoadOrCreate_Twice_KeepsTheKey()
    {
        string first;
        using (var key = ServiceAccountSigningKey.LoadOrCreate(_directory))
        {
            first = key.KeyId;
        }

        using var again = ServiceAccountSigningKey.LoadOrCreate(_directory);

        Assert.Equal(first, again.KeyId);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
