namespace Kubesharp.Kubelet.Images;

/// <summary>A single-layer image to write as an OCI archive.</summary>
/// <param name="Name">Full reference it is imported as, e.g. docker.io/library/busybox:latest.</param>
/// <param name="Architecture">OCI architecture (amd64, arm64) of the binaries inside.</param>
/// <param name="Files">The layer's entries, written in this order (parents before children).</param>
public sealed record OciImageSpec(string Name, string Architecture, IReadOnlyList<ImageFile> Files)
{
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Cmd { get; init; } = [];

    public IReadOnlyList<string> Env { get; init; } = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    public string WorkingDir { get; init; } = "/";

    /// <summary>Ports the image documents (e.g. "80/tcp"); informational, as in Docker.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
}
