using System.Diagnostics;

namespace Kubesharp.EndToEnd;

/// <summary>Runs the real kubectl (/usr/bin/kubectl) against one kubeconfig, each call bounded by a timeout.</summary>
public sealed class Kubectl
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly string _kubeconfig;

    public Kubectl(string kubeconfig) => _kubeconfig = kubeconfig;

    public string Path { get; init; } = "/usr/bin/kubectl";

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(args, null, DefaultTimeout);

    public Task<KubectlResult> RunWithInputAsync(string stdin, params string[] args) => RunAsync(args, stdin, DefaultTimeout);

    /// <summary>Starts kubectl and returns the running process (for -w); the caller reads and kills it.</summary>
    public Process Start(params string[] args)
    {
        var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("could not start kubectl");
        return process;
    }

    public async Task<KubectlResult> RunAsync(string[] args, string? stdin, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("could not start kubectl");
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
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within {timeout}");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["KUBECONFIG"] = _kubeconfig;
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
