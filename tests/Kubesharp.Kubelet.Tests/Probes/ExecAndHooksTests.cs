using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Probes;
using Kubesharp.Kubelet.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Kubelet.Tests.Probes;

public sealed class ExecAndHooksTests : IDisposable
{
    private static readonly PodContainerRef Ref = new("uid-1", "default", "web", "app");
    private readonly FakeRuntimeService runtime = new();
    private readonly Prober prober;
    private readonly LifecycleHooks hooks;

    public ExecAndHooksTests()
    {
        prober = new Prober(runtime);
        hooks = new LifecycleHooks(prober, TimeProvider.System, NullLogger<LifecycleHooks>.Instance);
    }

    public void Dispose() => prober.Dispose();

    [Fact]
    public async Task ProbeAsync_ExecExitZero_SucceedsWithTimeoutPassed()
    {
        ExecSyncCommand? seen = null;
        runtime.Exec = command =>
        {
            seen = command;
            return Result(0, "");
        };

        var result = await prober.ProbeAsync(Exec("cat", "/tmp/healthy"), new ProbeTarget("c1", "10.0.0.1"), TimeSpan.FromSeconds(3), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("c1", seen!.ContainerId);
        Assert.Equal(["cat", "/tmp/healthy"], seen.Command);
        Assert.Equal(TimeSpan.FromSeconds(3), seen.Timeout);
    }

    [Fact]
    public async Task ProbeAsync_ExecNonZero_FailsWithOutput()
    {
        runtime.Exec = _ => Result(1, "cat: can't open '/tmp/healthy': No such file or directory\n");
        var result = await prober.ProbeAsync(Exec("cat", "/tmp/healthy"), new ProbeTarget("c1", "10.0.0.1"), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(ProbeResult.Failed("cat: can't open '/tmp/healthy': No such file or directory"), result);
    }

    [Fact]
    public async Task ProbeAsync_ExecDeadlineExceeded_FailsTimedOut()
    {
        runtime.Exec = _ => throw new CriException("ExecSync", CriErrorKind.DeadlineExceeded, "timeout", null);
        var result = await prober.ProbeAsync(Exec("sleep", "10"), new ProbeTarget("c1", "10.0.0.1"), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(ProbeResult.Failed("command \"sleep 10\" timed out"), result);
    }

    [Fact]
    public async Task ProbeAsync_ExecRuntimeError_Unknown()
    {
        var result = await prober.ProbeAsync(Exec("true"), new ProbeTarget("c1", "10.0.0.1"), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(ProbeStatus.Unknown, result.Status);
    }

    [Fact]
    public async Task RunAsync_ExecHookFails_UpstreamMessage()
    {
        runtime.Exec = _ => Result(2, "boom");
        var result = await hooks.RunAsync(Ref, Exec("sh", "-c", "exit 2"), new ProbeTarget("c1", "10.0.0.1"), CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal("Exec lifecycle hook ([sh -c exit 2]) for Container \"app\" in Pod \"web_default(uid-1)\" failed - error: boom", result.Message);
    }

    [Fact]
    public async Task RunAsync_ExecHook_NoTimeout()
    {
        ExecSyncCommand? seen = null;
        runtime.Exec = command =>
        {
            seen = command;
            return Result(0, "");
        };
        Assert.True((await hooks.RunAsync(Ref, Exec("true"), new ProbeTarget("c1", "10.0.0.1"), CancellationToken.None)).Succeeded);
        Assert.Equal(TimeSpan.Zero, seen!.Timeout);
    }

    [Fact]
    public async Task RunAsync_SleepHook_WaitsThenSucceeds()
    {
        var handler = (JsonObject)JsonNode.Parse("""{"sleep":{"seconds":1}}""")!;
        var started = TimeProvider.System.GetTimestamp();
        var result = await hooks.RunAsync(Ref, handler, new ProbeTarget("c1", "10.0.0.1"), CancellationToken.None);
        Assert.True(result.Succeeded);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task RunAsync_SleepHookCancelled_Throws()
    {
        var handler = (JsonObject)JsonNode.Parse("""{"sleep":{"seconds":30}}""")!;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hooks.RunAsync(Ref, handler, new ProbeTarget("c1", "10.0.0.1"), cts.Token));
    }

    [Fact]
    public async Task RunAsync_TcpSocketHook_FailsAsInvalid()
    {
        var handler = (JsonObject)JsonNode.Parse("""{"tcpSocket":{"port":80}}""")!;
        var result = await hooks.RunAsync(Ref, handler, new ProbeTarget("c1", "10.0.0.1"), CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.StartsWith("invalid handler", result.Message, StringComparison.Ordinal);
    }

    private static ExecSyncResult Result(int exitCode, string output) => new(Encoding.UTF8.GetBytes(output), ReadOnlyMemory<byte>.Empty, exitCode);

    private static JsonObject Exec(params string[] command) =>
        new() { ["exec"] = new JsonObject { ["command"] = new JsonArray(command.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()) } };
}
