namespace Kubesharp.Proxy.Nft;

/// <summary>One element of a verdict map of the base table: <c>Key : Verdict</c>.</summary>
internal readonly record struct NftElement(string Map, string Key, string Verdict)
{
    /// <summary>
    /// Identifies what the element claims across services: an address:port (or node port) belongs
    /// to one service whether it has endpoints (service map) or not (no-endpoint map).
    /// </summary>
    public string Id => (Map is NftMaps.NodePorts or NftMaps.NoEndpointNodePorts ? "nodeport " : "ip ") + Key;
}
