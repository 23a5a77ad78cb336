namespace Kubesharp.ApiServer.Serving;

/// <summary>The API server's address is taken by another process.</summary>
public sealed class PortInUseException : Exception
{
    public PortInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PortInUseException()
    {
    }

    public PortInUseException(string message)
        : base(message)
    {
    }
}
