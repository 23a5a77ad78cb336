using System.Net;

namespace Kubesharp.Dns;

/// <summary>The cluster DNS server's settings.</summary>
/// <param name="Bind">Where to listen, UDP and TCP (the real node: 10.43.0.10:53; tests: 127.0.0.1:0).</param>
public sealed record DnsOptions(IPEndPoint Bind)
{
    /// <summary>The cluster domain (upstream default cluster.local).</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>Where names outside the cluster domain go; null (the default) answers them REFUSED.</summary>
    public IPEndPoint? Upstream { get; init; }

    /// <summary>TTL of every answer (CoreDNS's kubernetes plugin: 5 s).</summary>
    public int TtlSeconds { get; init; } = 5;

    /// <summary>UDP receive loops sharing the socket.</summary>
    public int UdpLoops { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Cached encoded answers before the cache is emptied (bounds memory against random names).</summary>
    public int MaxCachedAnswers { get; init; } = 100_000;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Bind);
        ArgumentException.ThrowIfNullOrWhiteSpace(ClusterDomain);
        ArgumentOutOfRangeException.ThrowIfNegative(TtlSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(UdpLoops);
    }
}
