using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Serving;

/// <summary>What anonymous clients may read, as upstream's system:public-info-viewer role allows.</summary>
internal static class PublicPaths
{
    public static bool Allows(PathString path) =>
        path.Equals("/version") || path.Equals(Joining.JoinEndpoints.CaPath) || path.Equals("/healthz") || path.Equals("/livez") || path.Equals("/readyz")
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/livez") || path.StartsWithSegments("/readyz");
}
