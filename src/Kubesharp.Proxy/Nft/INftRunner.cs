namespace Kubesharp.Proxy.Nft;

/// <summary>Applies one nft transaction (the seam that keeps rule generation testable as text).</summary>
internal interface INftRunner : IDisposable
{
    /// <summary>Runs <paramref name="script"/> as one atomic <c>nft -f -</c> transaction; throws <see cref="NftException"/> when nft rejects it.</summary>
    Task ApplyAsync(string script, CancellationToken cancellationToken);

    /// <summary><c>nft list table</c> of the proxy's table, or null when it does not exist.</summary>
    Task<string?> ListTableAsync(string table, CancellationToken cancellationToken);
}
