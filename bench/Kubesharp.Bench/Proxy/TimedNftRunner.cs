using System.Diagnostics;
using Kubesharp.Proxy.Nft;

namespace Kubesharp.Bench.Proxy;

/// <summary>Wraps the real runner and keeps how long the last transaction spent in nft, so the benchmark can split kernel/libnftables time from rule generation.</summary>
internal sealed class TimedNftRunner(INftRunner inner) : INftRunner
{
    public double LastApplyMs { get; private set; }

    public int LastScriptLines { get; private set; }

    public async Task ApplyAsync(string script, CancellationToken cancellationToken)
    {
        LastScriptLines = script.Count(c => c == '\n');
        var clock = Stopwatch.StartNew();
        await inner.ApplyAsync(script, cancellationToken);
        LastApplyMs = clock.Elapsed.TotalMilliseconds;
    }

    public Task<string?> ListTableAsync(string table, CancellationToken cancellationToken) => inner.ListTableAsync(table, cancellationToken);

    public void Dispose() => inner.Dispose();
}
