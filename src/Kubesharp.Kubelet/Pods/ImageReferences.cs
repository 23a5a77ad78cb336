namespace Kubesharp.Kubelet.Pods;

/// <summary>Image reference rules upstream applies (pure).</summary>
internal static class ImageReferences
{
    /// <summary>Upstream's default pull policy: Always for :latest or untagged (digest-less) images, else IfNotPresent.</summary>
    public static string DefaultPullPolicy(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        var tag = colon > lastSlash ? image[(colon + 1)..] : "";
        return tag is "" or "latest" ? "Always" : "IfNotPresent";
    }

    /// <summary>The registry host of a reference: its first component when it looks like a host, else docker.io.</summary>
    public static string Registry(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "docker.io";
        }

        var first = image[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : "docker.io";
    }

    /// <summary>
    /// Whether a pull failed because no registry could be reached (name resolution, connection,
    /// timeout) rather than because the registry answered (not found, unauthorized).
    /// </summary>
    public static bool IsUnreachable(string detail)
    {
        string[] markers =
        [
            "no such host", "network is unreachable", "connection refused", "i/o timeout", "no route to host",
            "server misbehaving", "dial tcp", "dial udp", "TLS handshake timeout", "temporary failure in name resolution",
            "connection reset", "context deadline exceeded",
        ];
        return markers.Any(m => detail.Contains(m, StringComparison.OrdinalIgnoreCase));
    }
}
