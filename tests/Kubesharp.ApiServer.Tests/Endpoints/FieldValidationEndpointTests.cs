using System.Text;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.Endpoints;

/// <summary>fieldValidation on the real host: Strict refuses, Warn (the default) warns and drops, Ignore drops silently.</summary>
public sealed class FieldValidationEndpointTests : IClassFixture<InProcessServer>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private readonly HttpClient _client;

    public FieldValidationEndpointTests(InProcessServer server) => _client = server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Strict", 400, 0)]
    [InlineData("Warn", 201, 1)]
    [InlineData("", 201, 1)]
    [InlineData("Ignore", 201, 0)]
    public async Task Create_UnknownField_PerMode(string mode, int code, int warnings)
    {
        var name = "fv-" + (mode.Length == 0 ? "default" : mode.ToLowerInvariant());
        using var request = new HttpRequestMessage(HttpMethod.Post, mode.Length == 0 ? ConfigMaps : $"{ConfigMaps}?fieldValidation={mode}")
        {
            Content = new StringContent($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{name}}"},"data":{"a":"b"},"foo":1}""", Encoding.UTF8, "application/json"),
        };

        using var response = await _client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var headers = response.Headers.TryGetValues("Warning", out var values) ? values.ToList() : [];

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal(warnings, headers.Count);
        if (warnings > 0)
        {
            Assert.Equal("299 - \"unknown field \\\"foo\\\"\"", headers[0]);
        }

        if (code == 400)
        {
            Assert.Contains("strict decoding error: unknown field \\\"foo\\\"", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("\"foo\"", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_BadMode_400()
    {
        using var response = await _client.PostAsync($"{ConfigMaps}?fieldValidation=Loud", new StringContent("""{"metadata":{"name":"x"}}""", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(400, (int)response.StatusCode);
    }
}
