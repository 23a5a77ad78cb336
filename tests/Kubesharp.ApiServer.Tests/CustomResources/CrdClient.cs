using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Tests.CustomResources;

/// <summary>Small HTTP helpers over the in-process server for the custom resource tests.</summary>
internal sealed class CrdClient(HttpClient client)
{
    public const string Definitions = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A CronTab-like definition in its own group so tests in one server do not collide.</summary>
    public static string Definition(string group, bool statusSubresource = true) => DefinitionTemplate
        .Replace("GROUP", group, StringComparison.Ordinal)
        .Replace("SUBRESOURCES", statusSubresource
            ? "\"subresources\":{\"status\":{},\"scale\":{\"specReplicasPath\":\".spec.replicas\",\"statusReplicasPath\":\".status.replicas\",\"labelSelectorPath\":\".status.selector\"}},"
            : "", StringComparison.Ordinal);

    private const string DefinitionTemplate = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.GROUP"},
         "spec":{"group":"GROUP","scope":"Namespaced",
           "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"],"categories":["all"]},
           "versions":[
             {"name":"v1","served":true,"storage":true,
              "schema":{"openAPIV3Schema":{"type":"object","properties":{
                "spec":{"type":"object","required":["size"],"properties":{
                  "size":{"type":"integer","maximum":10},"color":{"type":"string","default":"blue"},"replicas":{"type":"integer"}}},
                "status":{"type":"object","properties":{"replicas":{"type":"integer"},"selector":{"type":"string"},"phase":{"type":"string"}}}}}},
              SUBRESOURCES
              "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"},{"name":"Color","type":"string","jsonPath":".spec.color"}]},
             {"name":"v2","served":true,"storage":false,
              "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """;

    public async Task<(int Code, JsonNode Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }

    /// <summary>Creates the definition and waits (bounded) until it is Established and its resource answers.</summary>
    public async Task<JsonNode> InstallAsync(string group, bool statusSubresource = true)
    {
        var (code, created) = await SendAsync(HttpMethod.Post, Definitions, Definition(group, statusSubresource));
        Assert.True(code == 201, created.ToJsonString());
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var (_, crd) = await SendAsync(HttpMethod.Get, $"{Definitions}/widgets.{group}");
            var established = crd["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True") == true;
            if (established)
            {
                return crd;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"widgets.{group} was not established");
    }

    public static string Widget(string group, string name, string spec, string version = "v1") =>
        "{\"apiVersion\":\"" + group + "/" + version + "\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + spec + "}";
}
