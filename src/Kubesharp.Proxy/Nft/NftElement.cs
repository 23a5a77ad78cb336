namespace Kubesharp.Proxy.Nft;

/// <summary>One element of a map of the base table: <c>Key : Verdict</c> (for the backend maps the "verdict" is the endpoint address . port).</summary>
internal readonly record struct NftElement(string Map, string Key, string Verdict)
{
    /// <summary>
    /// Identifies what the element claims across services: an address:port (or node port) belongs
    /// to one service whether it has endpoints (service map) or not (no-endpoint map). A backend
    /// element claims the address:port it balances (its key without the endpoint index).
    /// </summary>
    public string Id => Map switch
    {
        NftMaps.NodePorts or NftMaps.NoEndpointNodePorts => "nodeport " + Key,
        NftMaps.NodePortBackends => "nodeport " + Key[..Key.LastIndexOf(" . ", StringComparison.Ordinal)],
        NftMaps.ServiceBackends => "ip " + Key[..Key.LastIndexOf(" . ", StringComparison.Ordinal)],
        _ => "ip " + Key,
    };
}
