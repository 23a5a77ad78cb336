namespace Kubesharp.Proxy.Nft;

/// <summary>A dynamic set of client addresses with a timeout (ClientIP session affinity).</summary>
internal sealed record NftSet(string Name, int TimeoutSeconds);
