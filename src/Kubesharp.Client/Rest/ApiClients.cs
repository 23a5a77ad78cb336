using Kubesharp.Client.Throttling;
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

    /// <summary>
    /// <paramref name="inner"/> limited by <paramref name="throttle"/> (rate and requests in flight),
    /// as a component's own rest.Config limits it upstream; unlimited returns <paramref name="inner"/>.
    /// </summary>
    public static IApiClient Throttled(IApiClient inner, ClientThrottle throttle, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(throttle);
        throttle.Validate();
        return throttle.IsUnlimited ? inner : new ThrottledApiClient(inner, throttle, time ?? TimeProvider.System);
    }
}
