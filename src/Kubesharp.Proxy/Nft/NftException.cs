namespace Kubesharp.Proxy.Nft;

/// <summary>nft refused a transaction or could not run.</summary>
public sealed class NftException(string message) : Exception(message);
