using Kubesharp.Api.Catalog;
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

    /// <summary>Shared informers over <paramref name="client"/>; <paramref name="options"/> adjusts the per-type defaults (e.g. a resync period).</summary>
    public static ISharedInformers CreateShared(IApiClient client, ILoggerFactory? loggerFactory = null, TimeProvider? time = null, Func<ResourceType, InformerOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new SharedInformers(client, options ?? (t => new InformerOptions(t)), loggerFactory ?? NullLoggerFactory.Instance, time ?? TimeProvider.System);
    }
}
