using System.Diagnostics;
using Kubesharp.Testing.Processes;

namespace Kubesharp.EndToEnd;

/// <summary>Runs the real kubectl (/usr/bin/kubectl) against one kubeconfig, each call bounded by a timeout.</summary>
public sealed class Kubectl
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly string _kubeconfig;

    public Kubectl(string kubeconfig) => _kubeconfig = kubeconfig;

    public string Path { get; init; } = "/usr/bin/kubectl";

    /// <summary>Extra environment for every call (e.g. KUBE_EDITOR for <c>kubectl edit</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The kubectl build of <paramref name="version"/> ("1.27") installed beside the default one, or the default for null.</summary>
    public static string PathOf(string? version)
    {
        if (version is null)
        {
            return "/usr/bin/kubectl";
        }

        var directory = System.IO.Path.GetDirectoryName(new FileInfo("/usr/bin/kubectl").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "/usr/bin/kubectl")!;
        return System.IO.Path.Combine(directory, "kubectl." + version);
    }

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
        var result = await ProcessRun.RunAsync(StartInfo(args), stdin, timeout);
        return new KubectlResult(result.ExitCode, result.Stdout, result.Stderr);
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
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        // kubectl caches discovery and OpenAPI per host:port under $HOME; a fresh server on a reused
        // port must not be answered from another run's cache.
        start.Environment["HOME"] = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_kubeconfig)!, "kubectl-home");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
