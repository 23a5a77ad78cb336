using Microsoft.Extensions.Primitives;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>
/// Reads the Accept header the way upstream does for discovery: the first media range that names
/// APIGroupDiscoveryList in a served apidiscovery version wins, unless a plain JSON range comes first.
/// </summary>
internal static class DiscoveryNegotiation
{
    public static string AggregatedContentType(string version) =>
        $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList";

    /// <summary>The apidiscovery version to answer with, or null for the unaggregated document.</summary>
    public static string? AggregatedVersion(StringValues accept)
    {
        foreach (var header in accept)
        {
            if (header is null)
            {
                continue;
            }

            foreach (var range in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = range.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var mediaType = parts[0];
                string? group = null, version = null, kind = null;
                foreach (var parameter in parts.AsSpan(1))
                {
                    var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        continue;
                    }

                    var value = parameter[(eq + 1)..].Trim('"');
                    switch (parameter[..eq].Trim())
                    {
                        case "g": group = value; break;
                        case "v": version = value; break;
                        case "as": kind = value; break;
                    }
                }

                if (kind is null)
                {
                    if (mediaType is "application/json" or "*/*" or "application/*")
                    {
                        return null;
                    }

                    continue;
                }

                if (mediaType == "application/json" && kind == "APIGroupDiscoveryList" && group == "apidiscovery.k8s.io"
                    && version is not null && DiscoverySnapshot.AggregatedVersions.Contains(version))
                {
                    return version;
                }
            }
        }

        return null;
    }
}
