using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Client.Informers;

/// <summary>Creates informers.</summary>
public static class InformerFactory
{
    public static IInformer Create(IApiClient client, InformerOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.PageSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.HandlerQueueCapacity);
        return new Informer(client, options, logger ?? NullLogger.Instance, time ?? TimeProvider.System);
    }
}
