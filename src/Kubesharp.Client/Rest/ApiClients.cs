using Kubesharp.Client.Transport;

namespace Kubesharp.Client.Rest;

/// <summary>Creates the typed client over a transport.</summary>
public static class ApiClients
{
    public static IApiClient Create(IApiTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return new ApiClient(transport);
    }
}
