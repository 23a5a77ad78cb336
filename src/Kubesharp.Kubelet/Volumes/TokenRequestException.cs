namespace Kubesharp.Kubelet.Volumes;

/// <summary>A TokenRequest failed; <see cref="Exception.Message"/> is the volume's FailedMount reason.</summary>
internal sealed class TokenRequestException : Exception
{
    public TokenRequestException()
    {
    }

    public TokenRequestException(string message)
        : base(message)
    {
    }

    public TokenRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
