namespace Kubesharp.Storage;

/// <summary>Settings of the etcd v3 store.</summary>
/// <param name="Endpoints">Client URLs of the etcd members (http://host:port); calls fail over between them.</param>
public sealed record EtcdStoreOptions(IReadOnlyList<Uri> Endpoints)
{
    /// <summary>Events a watcher may fall behind before it is cut off.</summary>
    public int WatchBufferSize { get; init; } = 10_000;

    /// <summary>How long one call may wait for a member before trying the next.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often history older than <see cref="CompactKeepDuration"/> is compacted; zero turns it off.</summary>
    public TimeSpan CompactInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>History younger than this is kept by the background compactor.</summary>
    public TimeSpan CompactKeepDuration { get; init; } = TimeSpan.FromMinutes(5);

    public void Validate()
    {
        if (Endpoints is null || Endpoints.Count == 0)
        {
            throw new ArgumentException("The etcd store needs at least one endpoint, e.g. http://127.0.0.1:2379.", nameof(Endpoints));
        }

        foreach (var endpoint in Endpoints)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The etcd endpoint '{endpoint}' is not an http(s) URL.", nameof(Endpoints));
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(WatchBufferSize, 1, nameof(WatchBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(CompactInterval, TimeSpan.Zero, nameof(CompactInterval));
    }
}
