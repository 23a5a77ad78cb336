namespace Kubesharp.Commands;

/// <summary>A mistake the user can fix; printed as one line, exit code 1.</summary>
internal sealed class UserErrorException : Exception
{
    public UserErrorException(string message)
        : base(message)
    {
    }

    public UserErrorException()
    {
    }

    public UserErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
