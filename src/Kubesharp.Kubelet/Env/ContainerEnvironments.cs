using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Env;

/// <summary>Entry point: the node's container environment resolver.</summary>
public static class ContainerEnvironments
{
    /// <summary>A resolver reading ConfigMaps, Secrets and Services through <paramref name="client"/>.</summary>
    public static IContainerEnvironment Create(IApiClient client, ContainerEnvironmentOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        return new ContainerEnvironment(client, options);
    }
}
