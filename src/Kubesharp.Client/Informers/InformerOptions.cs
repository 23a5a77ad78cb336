using Kubesharp.Api.Catalog;

namespace Kubesharp.Client.Informers;

/// <summary>What an informer watches and how.</summary>
/// <param name="Type">The resource.</param>
/// <param name="Namespace">One namespace, or null for all.</param>
public sealed record InformerOptions(ResourceType Type, string? Namespace = null)
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Items per list page (limit/continue), bounding the size of each response.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>How often every cached object is re-delivered as an update; zero turns resync off.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.Zero;

    /// <summary>Indexes of the cache, by name; the standard namespace/owner/node ones by default.</summary>
    public IReadOnlyDictionary<string, IndexFunc> Indexers { get; init; } = Informers.Indexers.Standard;

    /// <summary>Events buffered between the watch and the handlers; when full, the watch waits.</summary>
    public int HandlerQueueCapacity { get; init; } = 1024;

    /// <summary>First delay after a failure; it doubles up to <see cref="MaxBackoff"/> (client-go: 800 ms, 30 s).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Watches are asked to end after a random time in [this, 2×this], spreading re-watches out (client-go: 5 min).</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
