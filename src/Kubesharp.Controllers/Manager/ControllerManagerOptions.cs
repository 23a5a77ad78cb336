namespace Kubesharp.Controllers.Manager;

/// <summary>How the controller manager runs.</summary>
/// <param name="Identity">This replica's name in the leader-election Lease (host + pid).</param>
public sealed record ControllerManagerOptions(string Identity)
{
    /// <summary>Contend for the kube-system/kube-controller-manager Lease so two managers never act at once.</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>Controllers to leave out, by <see cref="IController.Name"/>.</summary>
    public IReadOnlySet<string> Disabled { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Workers per controller (upstream's --concurrent-*-syncs default to 5).</summary>
    public int Workers { get; init; } = 5;
}
