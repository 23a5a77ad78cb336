using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Manager;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Controllers.Tests.Support;

/// <summary>
/// Shared informers the test feeds by hand instead of a watch, so a controller can be reconciled
/// against a cache that lags the API on purpose (what a busy informer does for a moment).
/// </summary>
internal sealed class ManualInformers : ISharedInformers
{
    private readonly Dictionary<string, ManualInformer> _informers = new(StringComparer.Ordinal);

    public IInformer For(ResourceType type) => Get(type);

    public ManualInformer Get(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var id = type.Group + "/" + type.Plural;
        if (!_informers.TryGetValue(id, out var informer))
        {
            _informers[id] = informer = new ManualInformer();
        }

        return informer;
    }

    /// <summary>What a controller registers with: the real API, these caches, no events.</summary>
    public ControllerContext Context(IApiClient client, TimeProvider? time = null) =>
        new(client, this, _ => new SilentEvents(), NullLoggerFactory.Instance, time ?? TimeProvider.System);

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        // nothing runs
    }
}
