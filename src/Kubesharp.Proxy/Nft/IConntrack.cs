namespace Kubesharp.Proxy.Nft;

/// <summary>
/// Forgets UDP conntrack entries of removed endpoints. UDP has no connection end, so without this
/// a client that keeps sending (a resolver, a metrics agent) stays DNATed to a dead endpoint.
/// </summary>
internal interface IConntrack
{
    /// <summary>Best effort: deletes UDP entries from anyone to <paramref name="serviceIp"/> that were DNATed to <paramref name="endpointIp"/>.</summary>
    Task ForgetUdpAsync(string serviceIp, string endpointIp, CancellationToken cancellationToken);
}
