using System.Diagnostics;

namespace Kubesharp.Commands;

/// <summary>
/// Prints one progress line per component as it becomes ready and, once all are, exactly how to
/// use the cluster — so the last thing a newcomer reads is the command to type next.
/// </summary>
internal sealed class ReadinessProgress
{
    private readonly HashSet<string> _pending;
    private readonly Stopwatch _started;
    private readonly string _kubeconfigPath;
    private readonly Lock _gate = new();

    public ReadinessProgress(IEnumerable<string> components, Stopwatch started, string kubeconfigPath)
    {
        _pending = new HashSet<string>(components, StringComparer.Ordinal);
        _started = started;
        _kubeconfigPath = kubeconfigPath;
        if (_pending.Count == 0)
        {
            PrintUsage();
        }
    }

    public void Ready(string component)
    {
        lock (_gate)
        {
            if (!_pending.Remove(component))
            {
                return;
            }

            Console.WriteLine($"{component} ready ({_started.ElapsedMilliseconds} ms)");
            if (_pending.Count == 0)
            {
                PrintUsage();
            }
        }
    }

    private void PrintUsage()
    {
        Console.WriteLine($"cluster ready ({_started.ElapsedMilliseconds} ms); use it with:");
        Console.WriteLine($"  export KUBECONFIG={_kubeconfigPath}");
        Console.WriteLine("  kubectl get nodes");
        Console.WriteLine("press Ctrl-C to stop");
    }
}
