namespace Kubesharp.Proxy.Nft;

/// <summary>One element of a verdict map of the base table: <c>Key : Verdict</c>.</summary>
internal readonly record struct NftElement(string Map, string Key, string Verdict)
{
    /// <summary>Identifies the element across services (two services must not claim one key).</summary>
    public string Id => Map + " " + Key;
}
