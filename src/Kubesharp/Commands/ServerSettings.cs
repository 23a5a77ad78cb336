namespace Kubesharp.Commands;

/// <summary>The flags of <c>kubesharp server</c>, validated before anything starts.</summary>
internal sealed record ServerSettings(string DataDirectory, string? DatastoreEndpoint, string BindAddress, int Port)
{
    public void Validate()
    {
        if (Port is < 1 or > 65535)
        {
            throw new UserErrorException($"--port {Port} is not a TCP port; use a number from 1 to 65535");
        }

        if (!System.Net.IPAddress.TryParse(BindAddress, out _))
        {
            throw new UserErrorException($"--bind-address '{BindAddress}' is not an IP address; use e.g. 127.0.0.1 or 0.0.0.0");
        }
    }
}
