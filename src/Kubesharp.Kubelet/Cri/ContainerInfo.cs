namespace Kubesharp.Kubelet.Cri;

/// <summary>
/// A container as the runtime reports it. Listing fills identity and state; status also fills the
/// timing, exit and log members.
/// </summary>
public sealed record ContainerInfo(string Id, string PodSandboxId, string Name, uint Attempt, ContainerState State)
{
    /// <summary>The image as the container was created from it.</summary>
    public string Image { get; init; } = "";

    /// <summary>The resolved image (digest or id).</summary>
    public string ImageRef { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int ExitCode { get; init; }

    /// <summary>Short machine-readable cause, e.g. Completed, Error, OOMKilled.</summary>
    public string Reason { get; init; } = "";

    public string Message { get; init; } = "";

    public string LogPath { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
