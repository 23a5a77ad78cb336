using System.Text.Json;
using Kubesharp.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kubesharp.ApiServer.Serving;

/// <summary>/version and the health endpoints.</summary>
internal static class SystemEndpoints
{
    /// <summary>The Kubernetes API level Kubesharp serves.</summary>
    public const string KubernetesVersion = "v1.32.0";

    public static void Map(IEndpointRouteBuilder routes, IStore store)
    {
        routes.MapGet("/version", WriteVersionAsync);
        foreach (var path in new[] { "/healthz", "/livez" })
        {
            routes.MapGet(path, context => WriteTextAsync(context, "ok"));
        }

        routes.MapGet("/readyz", async context =>
        {
            try
            {
                await store.CountAsync("/registry/namespaces/", context.RequestAborted);
                await WriteTextAsync(context, "ok");
            }
            catch (StoreException e)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await WriteTextAsync(context, $"[-]etcd failed: {e.Code}\nreadyz check failed");
            }
        });
    }

    private static Task WriteTextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static async Task WriteVersionAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        var parts = KubernetesVersion.TrimStart('v').Split('.');
        json.WriteStartObject();
        json.WriteString("major", parts[0]);
        json.WriteString("minor", parts[1]);
        json.WriteString("gitVersion", $"{KubernetesVersion}+kubesharp");
        json.WriteString("gitCommit", ThisAssembly.Commit);
        json.WriteString("gitTreeState", "clean");
        json.WriteString("buildDate", "1970-01-01T00:00:00Z");
        json.WriteString("goVersion", $"dotnet{Environment.Version}");
        json.WriteString("compiler", "dotnet");
        json.WriteString("platform", $"linux/{(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64")}");
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
