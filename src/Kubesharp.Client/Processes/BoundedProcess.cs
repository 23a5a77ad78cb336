using System.Diagnostics;

namespace Kubesharp.Client.Processes;

/// <summary>
/// Runs a command-line tool (nft, ip, conntrack, ctr) to its end with a time bound and collects its
/// output. A run that outlives its bound, or whose caller cancels, is killed by its pid (with any
/// children it started), so no tool is left behind.
/// </summary>
public static class BoundedProcess
{
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started (not found, not executable).</exception>
    /// <exception cref="TimeoutException">It ran longer than <see cref="ProcessRequest.Timeout"/> (it was killed).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (it was killed).</exception>
    public static async Task<ProcessOutput> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = new ProcessStartInfo(request.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in request.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {request.FileName}");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(request.Timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(bounded.Token);
            var error = process.StandardError.ReadToEndAsync(bounded.Token);
            if (request.Input is not null)
            {
                await process.StandardInput.WriteAsync(request.Input.AsMemory(), bounded.Token).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
            return new ProcessOutput(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"{request.FileName} did not finish within {request.Timeout.TotalSeconds} s");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended between the bound and the kill.
        }
    }
}
