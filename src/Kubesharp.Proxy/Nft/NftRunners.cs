namespace Kubesharp.Proxy.Nft;

/// <summary>Picks how transactions reach the kernel: libnftables in process when it loads, else the nft binary.</summary>
internal static class NftRunners
{
    public static INftRunner Create(ProxyOptions options)
    {
        var process = new NftProcessRunner(options.NftPath, TimeSpan.FromSeconds(60));
        return LibNftables.IsAvailable() ? new LibNftRunner(process) : process;
    }
}
