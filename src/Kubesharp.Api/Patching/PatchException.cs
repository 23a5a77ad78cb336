namespace Kubesharp.Api.Patching;

/// <summary>A patch that cannot be applied; the API answers it with <see cref="StatusCode"/> (400, 409, 415 or 422).</summary>
public sealed class PatchException : Exception
{
    public PatchException(int statusCode, string message, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    public PatchException()
        : this(400, "invalid patch")
    {
    }

    public PatchException(string message)
        : this(400, message)
    {
    }

    public PatchException(string message, Exception innerException)
        : this(400, message, innerException)
    {
    }

    public int StatusCode { get; }

    /// <summary>Status details causes; for apply conflicts one "FieldManagerConflict" per field, as upstream sends them.</summary>
    public IReadOnlyList<PatchCause> Causes { get; init; } = [];
}
