using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Env;

/// <summary>Entry point: the node's container environment resolver.</summary>
public static class ContainerEnvironments
{
    /// <summary>A resolver reading ConfigMaps and Secrets through <paramref name="client"/> and Services from <paramref name="services"/> (which the caller runs).</summary>
    public static IContainerEnvironment Create(IApiClient client, ServiceCache services, ContainerEnvironmentOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        return new ContainerEnvironment(client, services, options);
    }
}
