namespace Kubesharp.Kubelet.Images;

/// <summary>Where the node's own images come from and go to.</summary>
public sealed record LocalImageOptions
{
    /// <summary>A statically linked busybox (Debian's busybox-static installs it as /bin/busybox).</summary>
    public string BusyboxPath { get; init; } = "/bin/busybox";

    /// <summary>Directory the archives are written to (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Name of the pause image; must match containerd's sandbox_image.</summary>
    public string PauseImage { get; init; } = "registry.k8s.io/pause:3.10";

    public string BusyboxImage { get; init; } = "docker.io/library/busybox:latest";

    public string HttpdImage { get; init; } = "docker.io/kubesharp/httpd:latest";
}
