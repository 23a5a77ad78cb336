using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.Kubelet.Server;

/// <summary>Writes failures as a metav1.Status, which the API server hands to the client unchanged.</summary>
internal static class StatusResponse
{
    public static Task WriteAsync(HttpContext context, KubeletApiException error)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = error.Message,
            ["reason"] = error.Reason,
            ["code"] = error.Code,
        };
        var body = System.Text.Encoding.UTF8.GetBytes(status.ToJsonString());
        context.Response.StatusCode = error.Code;
        context.Response.ContentType = "application/json";
        // The length lets a client of an upgrade request (exec, port-forward) read the refusal without waiting for EOF.
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
