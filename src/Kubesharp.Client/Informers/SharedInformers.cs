using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Client.Informers;

/// <summary>Keyed by the resource's store prefix, which is unique per group/resource.</summary>
internal sealed class SharedInformers(IApiClient client, Func<ResourceType, InformerOptions> options, ILoggerFactory loggerFactory, TimeProvider time)
    : ISharedInformers
{
    private readonly Dictionary<string, IInformer> _informers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _running;

    public IInformer For(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        lock (_gate)
        {
            if (_informers.TryGetValue(type.StorePrefix, out var existing))
            {
                return existing;
            }

            if (_running)
            {
                throw new InvalidOperationException($"the informer for {type.Plural} was asked for after the shared informers started; ask for it while registering");
            }

            var informer = InformerFactory.Create(client, options(type), loggerFactory.CreateLogger("Kubesharp.Client.Informers." + type.Plural), time);
            _informers.Add(type.StorePrefix, informer);
            return informer;
        }
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        IInformer[] all;
        lock (_gate)
        {
            _running = true;
            all = [.. _informers.Values];
        }

        return Task.WhenAll(all.Select(i => i.RunAsync(cancellationToken)));
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        IInformer[] all;
        lock (_gate)
        {
            all = [.. _informers.Values];
        }

        return Task.WhenAll(all.Select(i => i.WaitForSyncAsync(cancellationToken)));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var informer in _informers.Values)
            {
                informer.Dispose();
            }
        }
    }
}
