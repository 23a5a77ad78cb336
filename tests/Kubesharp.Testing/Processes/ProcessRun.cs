using System.Diagnostics;

namespace Kubesharp.Testing.Processes;

/// <summary>
/// Runs a command-line tool (kubectl, python3, ...) to completion with captured output, bounded in
/// time: past the timeout the process (by its own handle) is killed and a TimeoutException says which.
/// </summary>
public static class ProcessRun
{
    /// <summary>A start of <paramref name="file"/> with <paramref name="arguments"/> passed one by one (no shell).</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs a set-up step that must work: its stdout, or an exception with the command line and its stderr.</summary>
    public static async Task<string> SucceedAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout, string? stdin = null)
    {
        var result = await RunAsync(StartInfo(file, arguments), stdin, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        }

        return result.Stdout;
    }

    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, string? stdin, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(start.FileName)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
