using System.Text.Json.Nodes;

namespace Kubesharp.Client.Rest;

/// <summary>A failed API call, carrying the server's metav1.Status (code, reason, message).</summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(0, "", "")
    {
    }

    public ApiException(string message)
        : this(0, "", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = "";
    }

    public ApiException(int code, string reason, string message, JsonObject? status = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Status = status;
    }

    /// <summary>The HTTP status code, e.g. 404, 409, 410.</summary>
    public int Code { get; }

    /// <summary>The upstream reason, e.g. NotFound, AlreadyExists, Conflict, Expired.</summary>
    public string Reason { get; }

    /// <summary>The whole Status object, when the server sent one (details and causes live there).</summary>
    public JsonObject? Status { get; }

    public bool IsNotFound => Code == 404;

    public bool IsConflict => Code == 409 && Reason != "AlreadyExists";

    public bool IsAlreadyExists => Code == 409 && Reason == "AlreadyExists";

    /// <summary>410: the requested resourceVersion was compacted away; list again.</summary>
    public bool IsGone => Code == 410;

    /// <summary>Builds the exception from a Status object (a response body or an ERROR watch event).</summary>
    public static ApiException FromStatus(JsonObject? status, int fallbackCode)
    {
        var code = status?["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : fallbackCode;
        var reason = status?["reason"] is JsonValue r && r.TryGetValue<string>(out var s) ? s : "";
        var message = status?["message"] is JsonValue m && m.TryGetValue<string>(out var t) ? t : $"the server responded with status {fallbackCode}";
        return new ApiException(code, reason, message, status);
    }
}
