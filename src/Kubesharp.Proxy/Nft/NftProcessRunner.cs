using System.ComponentModel;
using Kubesharp.Client.Processes;

namespace Kubesharp.Proxy.Nft;

/// <summary>Runs the nft binary: the script goes to <c>nft -f -</c> on stdin, so one call is one kernel transaction.</summary>
internal sealed class NftProcessRunner(string nftPath, TimeSpan timeout) : INftRunner
{
    public async Task ApplyAsync(string script, CancellationToken cancellationToken)
    {
        var (code, _, error) = await RunAsync(["-f", "-"], script, cancellationToken);
        if (code != 0)
        {
            throw new NftException($"nft -f failed ({code}): {Trim(error)}");
        }
    }

    public async Task<string?> ListTableAsync(string table, CancellationToken cancellationToken)
    {
        var (code, output, _) = await RunAsync(["list", "table", "ip", table], null, cancellationToken);
        return code == 0 ? output : null;
    }

    /// <summary>Whether nft runs and may change rules here (root with CAP_NET_ADMIN): a no-op check transaction.</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (code, _, error) = await RunAsync(["list", "tables"], null, cancellationToken);
            return code == 0 ? null : Trim(error);
        }
        catch (Win32Exception e)
        {
            return $"cannot run {nftPath}: {e.Message}";
        }
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] arguments, string? input, CancellationToken cancellationToken)
    {
        try
        {
            var result = await BoundedProcess.RunAsync(new ProcessRequest(nftPath, arguments, timeout) { Input = input }, cancellationToken);
            return (result.ExitCode, result.Output, result.Error);
        }
        catch (TimeoutException)
        {
            throw new NftException($"nft did not finish within {timeout.TotalSeconds} s");
        }
    }

    public void Dispose()
    {
        // nothing held between runs
    }

    private static string Trim(string error)
    {
        var e = error.Trim();
        return e.Length > 2000 ? e[..2000] + " …" : e;
    }
}
