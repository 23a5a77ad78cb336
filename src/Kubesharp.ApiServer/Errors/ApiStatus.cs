using System.Text.Json;
using Microsoft.AspNetCore.Http;

using Kubesharp.ApiServer.Serving;

namespace Kubesharp.ApiServer.Errors;

/// <summary>
/// Writes the upstream <c>metav1.Status</c> failure body: every error the API answers has this
/// shape, the upstream <c>reason</c> and the HTTP code, so kubectl prints its usual messages.
/// </summary>
public static class ApiStatus
{
    public static async Task WriteFailureAsync(HttpContext context, int code, string reason, string message, StatusDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = code;
        response.ContentType = "application/json";
        if (details is { RetryAfterSeconds: > 0 } && (code == 429 || code >= 500))
        {
            // Clients (client-go, kubectl drain) back off by the header, not the body.
            response.Headers.RetryAfter = details.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Buffered so the length is known: on an upgrade request (exec, port-forward) the connection
        // stays open after the answer, and clients read the refusal's body up to its length, not to EOF.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        await using var json = new Utf8JsonWriter(buffer, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("kind", "Status");
        json.WriteString("apiVersion", "v1");
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteString("status", "Failure");
        json.WriteString("message", message);
        json.WriteString("reason", reason);
        if (details is not null)
        {
            details.WriteTo(json);
        }

        json.WriteNumber("code", code);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
