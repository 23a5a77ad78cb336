namespace Kubesharp.Kubelet.Server;

/// <summary>A request the kubelet server refuses; becomes a metav1.Status with the upstream reason and code.</summary>
internal sealed class KubeletApiException : Exception
{
    public KubeletApiException(int code, string reason, string message)
        : base(message)
    {
        Code = code;
        Reason = reason;
    }

    public KubeletApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public KubeletApiException(string message)
        : this(400, "BadRequest", message)
    {
    }

    public KubeletApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 400;
        Reason = "BadRequest";
    }

    public int Code { get; }

    public string Reason { get; }

    public static KubeletApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeletApiException NotFound(string message) => new(404, "NotFound", message);
}
