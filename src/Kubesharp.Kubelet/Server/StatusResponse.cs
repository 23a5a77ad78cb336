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
        context.Response.StatusCode = error.Code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(status.ToJsonString(), context.RequestAborted);
    }
}
