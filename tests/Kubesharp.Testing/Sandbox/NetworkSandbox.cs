using System.Diagnostics;

namespace Kubesharp.Testing.Sandbox;

/// <summary>
/// Runs one test method again in a child test process (the same test assembly) under scripts/in-netns.sh, so containerd, CNI's
/// bridge and the test's own HTTP client all live in a namespace with nothing but loopback.
/// </summary>
public static class NetworkSandbox
{
    public static bool IsInside => Environment.GetEnvironmentVariable("KUBESHARP_NETNS") == "1";

    public static async Task RunMethodInsideAsync(string fullyQualifiedMethod, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "in-netns.sh");
        var start = new ProcessStartInfo(script) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        start.ArgumentList.Add(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, (System.Reflection.Assembly.GetEntryAssembly() ?? throw new InvalidOperationException("no entry assembly")).GetName().Name + ".dll"));
        }

        foreach (var argument in new[] { "-method", fullyQualifiedMethod })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the sandboxed test");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(bounded.Token);
        var stderr = process.StandardError.ReadToEndAsync(bounded.Token);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        // Launched directly, the test executable is xunit's own console runner (not the testing platform).
        // Failing by exception fails the calling test with the child's output in the message.
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sandboxed test exited with {process.ExitCode}:{Environment.NewLine}{output}");
        }

        // A filter that matched nothing also exits 0: insist the method really ran.
        if (!output.Contains("Total: 1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the sandboxed test did not run:{Environment.NewLine}{output}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kubesharp.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Kubesharp.slnx not found above " + AppContext.BaseDirectory);
    }
}
