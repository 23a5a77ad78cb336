using System.Diagnostics;
using System.Runtime;

namespace Kubesharp.Bench.ApiServer;

/// <summary>
/// Unmeasured creates and merge-patches until the JIT has settled: rounds of each, stopped once a
/// round spent under 2% of its time compiling (bounded). The benchmark runs the server under the
/// JIT while the binary users run is Native AOT, which never compiles at run time; tiering up
/// (tier 0, instrumented, then optimized code, thousands of methods) took ~0.5 s of CPU per second
/// for the first ~15 s on a busy machine, which a fixed 2 s warm-up left inside the timed phases.
/// </summary>
internal static class JitWarmUp
{
    private const int MaxRounds = 20;
    private const double SettledFraction = 0.02;
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(1);

    public static async Task<WarmUpFigures> RunAsync(HttpClient admin, HttpClient[] workers, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var requests = 0;
        var lastJit = TimeSpan.Zero;
        var rounds = 0;
        while (rounds < MaxRounds)
        {
            var ns = $"bench-warm-{rounds}";
            await ApiWorkloads.CreateNamespaceAsync(admin, ns, cancellationToken);
            var round = Stopwatch.StartNew();
            var jitBefore = JitInfo.GetCompilationTime();
            var (created, names) = await ApiWorkloads.CreateAsync(workers, ns, Phase, cancellationToken);
            var patched = await ApiWorkloads.PatchAsync(workers, ns, names, Phase, cancellationToken);
            lastJit = JitInfo.GetCompilationTime() - jitBefore;
            requests += created.Requests + patched.Requests;
            rounds++;
            if (lastJit < round.Elapsed * SettledFraction)
            {
                break;
            }
        }

        return new WarmUpFigures(rounds, requests, clock.Elapsed.TotalSeconds, lastJit.TotalMilliseconds, JitInfo.GetCompilationTime().TotalMilliseconds);
    }
}

/// <summary>What the warm-up took: rounds, requests, seconds, the last round's JIT milliseconds and the process's total.</summary>
internal sealed record WarmUpFigures(int Rounds, int Requests, double Seconds, double LastRoundJitMs, double TotalJitMs)
{
    public override string ToString() =>
        $"rounds={Rounds} requests={Requests} seconds={ResultLine.Number(Seconds)} last_round_jit_ms={ResultLine.Number(LastRoundJitMs)} total_jit_ms={ResultLine.Number(TotalJitMs)}";
}
