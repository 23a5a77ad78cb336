using System.Diagnostics;
using System.Globalization;

namespace Kubesharp.Bench.Proxy;

/// <summary>
/// Runs this benchmark again inside a fresh network namespace (scripts/in-netns.sh), so the
/// nftables rules it loads never touch the host, and reads back the child's RESULT figures.
/// </summary>
internal static class Sandbox
{
    public static bool IsInside => Environment.GetEnvironmentVariable("KUBESHARP_NETNS") == "1";

    public static async Task<IReadOnlyList<KeyValuePair<string, double>>> RerunInsideAsync(string name, string[] args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "scripts", "in-netns.sh")) { UseShellExecute = false, RedirectStandardOutput = true };
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        start.ArgumentList.Add(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Kubesharp.Bench.dll"));
        }

        start.ArgumentList.Add(name);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the sandboxed benchmark");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        string output;
        try
        {
            output = await process.StandardOutput.ReadToEndAsync(bounded.Token);
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        if (process.ExitCode != 0 || !last.StartsWith("RESULT ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"sandboxed benchmark failed ({process.ExitCode}): {output}");
        }

        return last.Split(' ').Skip(2).Select(kv => kv.Split('=', 2))
            .Select(kv => new KeyValuePair<string, double>(kv[0], double.Parse(kv[1], CultureInfo.InvariantCulture))).ToList();
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
