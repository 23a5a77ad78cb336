using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// Parses the part of a resource URL after /api/v1 or /apis/{group}/{version}:
/// [watch/][namespaces/{ns}/]{plural}[/{name}[/{subresource}]]. /namespaces/{name} itself is the
/// Namespace object, and /namespaces/{name}/status|finalize its subresources. The proxy subresource
/// takes any path after it ({plural}/{name}/proxy/{path...}), kept as <see cref="ResourcePath.ProxyPath"/>.
/// </summary>
public static class ResourcePathParser
{
    /// <exception cref="ApiException">404 NotFound for an unknown resource or subresource, or a malformed path.</exception>
    public static ResourcePath Parse(IResourceCatalog catalog, string group, string version, string rest)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(rest);
        var proxyPath = "";
        var proxyAt = ProxyStart(rest);
        if (proxyAt >= 0)
        {
            proxyPath = rest[(proxyAt + "/proxy".Length)..];
            rest = rest[..(proxyAt + "/proxy".Length)];
        }

        var segments = rest.Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            throw ApiErrors.ResourceNotFound();
        }

        var watch = false;
        var i = 0;
        if (segments[0] == "watch")
        {
            watch = true;
            i = 1;
        }

        string? ns = null;
        var remaining = segments.Length - i;
        if (remaining >= 3 && segments[i] == "namespaces" && segments[i + 2] is not ("status" or "finalize"))
        {
            ns = segments[i + 1];
            i += 2;
            remaining -= 2;
        }

        if (remaining is < 1 or > 3)
        {
            throw ApiErrors.ResourceNotFound();
        }

        var type = catalog.Find(group, version, segments[i]) ?? throw ApiErrors.ResourceNotFound();
        var name = remaining >= 2 ? segments[i + 1] : null;
        var subresource = remaining == 3 ? segments[i + 2] : null;
        if ((ns is not null && !type.Namespaced) || (type.Namespaced && ns is null && name is not null))
        {
            throw ApiErrors.ResourceNotFound();
        }

        if (subresource is not null && (watch || !type.Subresources.Contains(subresource)))
        {
            throw ApiErrors.ResourceNotFound();
        }

        return new ResourcePath(type, ns, name, subresource, watch) { ProxyPath = proxyPath };
    }

    /// <summary>Where "/proxy" ends the object part of the path ([namespaces/{ns}/]{plural}/{name}/proxy), or -1.</summary>
    private static int ProxyStart(string rest)
    {
        var objectSegments = rest.StartsWith("namespaces/", StringComparison.Ordinal) ? 4 : 2;
        var at = -1;
        for (var i = 0; i < objectSegments; i++)
        {
            at = rest.IndexOf('/', at + 1);
            if (at < 0)
            {
                return -1;
            }
        }

        return string.CompareOrdinal(rest, at, "/proxy", 0, 6) == 0 && (rest.Length == at + 6 || rest[at + 6] == '/') ? at : -1;
    }
}
