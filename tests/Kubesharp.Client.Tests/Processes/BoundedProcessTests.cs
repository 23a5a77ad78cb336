using System.ComponentModel;
using Kubesharp.Client.Processes;

namespace Kubesharp.Client.Tests.Processes;

/// <summary>The shared tool runner against /bin/sh: output, exit codes, input, and the kill on timeout or cancellation.</summary>
public sealed class BoundedProcessTests : IDisposable
{
    private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);
    private readonly string _pidFile = Path.Combine(Path.GetTempPath(), "kubesharp-bounded-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ToolFails_ExitCodeAndBothStreams()
    {
        var result = await BoundedProcess.RunAsync(new ProcessRequest("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], Ample), Ct);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("out\n", result.Output);
        Assert.Equal("err\n", result.Error);
    }

    [Fact]
    public async Task RunAsync_Input_WrittenToStandardInputThenClosed()
    {
        var result = await BoundedProcess.RunAsync(new ProcessRequest("/bin/sh", ["-c", "tr a-z A-Z"], Ample) { Input = "table ip t\n" }, Ct);

        Assert.True(result.Succeeded);
        Assert.Equal("TABLE IP T\n", result.Output);
    }

    [Fact]
    public async Task RunAsync_NoInput_StandardInputClosedAtOnce()
    {
        // cat would wait for ever on an open standard input.
        var result = await BoundedProcess.RunAsync(new ProcessRequest("/bin/sh", ["-c", "cat; echo done"], Ample), Ct);

        Assert.Equal("done\n", result.Output);
    }

    [Fact]
    public async Task RunAsync_MissingProgram_Win32Exception()
    {
        await Assert.ThrowsAsync<Win32Exception>(() => BoundedProcess.RunAsync(new ProcessRequest("/nonexistent/kubesharp-tool", [], Ample), Ct));
    }

    [Fact]
    public async Task RunAsync_OutlivesItsBound_TimeoutAndTheProcessIsKilled()
    {
        var request = new ProcessRequest("/bin/sh", ["-c", $"echo $$ > {_pidFile}; exec sleep 60"], TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => BoundedProcess.RunAsync(request, Ct));

        Assert.Equal("/bin/sh did not finish within 0.5 s", error.Message);
        await AssertGoneAsync(int.Parse(await File.ReadAllTextAsync(_pidFile, Ct), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RunAsync_CallerCancels_OperationCanceledAndTheProcessIsKilled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = BoundedProcess.RunAsync(new ProcessRequest("/bin/sh", ["-c", $"echo $$ > {_pidFile}; exec sleep 60"], Ample), cancel.Token);
        // Bounded: the shell writes its pid within milliseconds; 10 s is the ceiling.
        for (var i = 0; i < 100 && !File.Exists(_pidFile); i++)
        {
            await Task.Delay(100, Ct);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await AssertGoneAsync(int.Parse(await File.ReadAllTextAsync(_pidFile, Ct), System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose() => File.Delete(_pidFile);

    /// <summary>The pid no longer runs (gone, or a zombie until it is reaped).</summary>
    private static async Task AssertGoneAsync(int pid)
    {
        for (var i = 0; i < 50 && Running(pid); i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.False(Running(pid), $"process {pid} still runs");
    }

    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
