namespace Kubesharp.ApiServer.Errors;

/// <summary>
/// A request failed in a way the client should see: carries the Status fields (code, reason,
/// message, details). The endpoint layer writes it with <see cref="ApiStatus"/>.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, StatusDetails? details = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public ApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public ApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : this(500, "InternalError", message, null, innerException)
    {
    }

    public int Code { get; }

    public string Reason { get; }

    public StatusDetails? Details { get; }
}
