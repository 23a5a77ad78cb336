namespace Kubesharp.Api.Selectors;

/// <summary>
/// A label or field selector that does not parse or names an unsupported field. The message is
/// upstream's (e.g. "unable to parse requirement: ..." or "field label not supported: x"); the API
/// answers it with 400 BadRequest.
/// </summary>
public sealed class SelectorException : Exception
{
    public SelectorException()
        : base("invalid selector")
    {
    }

    public SelectorException(string message)
        : base(message)
    {
    }

    public SelectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
