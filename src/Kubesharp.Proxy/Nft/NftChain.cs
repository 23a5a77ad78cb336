namespace Kubesharp.Proxy.Nft;

/// <summary>A regular chain of the proxy's table and its rules, in order (nft rule syntax).</summary>
internal sealed record NftChain(string Name, IReadOnlyList<string> Rules);
