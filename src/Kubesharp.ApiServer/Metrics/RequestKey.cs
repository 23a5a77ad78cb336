namespace Kubesharp.ApiServer.Metrics;

/// <summary>The labels upstream's apiserver_request_* metrics carry (component is always apiserver).</summary>
internal readonly record struct RequestKey(string Verb, string Group, string Version, string Resource, string Subresource, string Scope)
{
    /// <summary>Classifies a request by method and path as upstream's request info resolver does, without the catalogue.</summary>
    public static RequestKey From(string method, string path, bool watch)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        (string Group, string Version, int Skip)? prefix = segments switch
        {
            ["api", var coreVersion, ..] => ("", coreVersion, 2),
            ["apis", var groupName, var groupVersion, ..] => (groupName, groupVersion, 3),
            _ => null,
        };
        if (prefix is not var (group, version, rest))
        {
            return new RequestKey(method.ToUpperInvariant(), "", "", "", "", "");
        }

        var tail = segments[rest..];
        var scope = "cluster";
        if (tail is ["namespaces", _, _, ..])
        {
            tail = tail[2..];
            scope = "namespace";
        }

        if (tail.Length == 0)
        {
            return new RequestKey(method.ToUpperInvariant(), group, version, "", "", "");
        }

        var named = tail.Length > 1;
        if (!named && scope == "cluster" && tail[0] != "namespaces" && method == "GET")
        {
            // A collection read without a namespace spans all of them (or is cluster-scoped); upstream says "resource".
            scope = "resource";
        }

        var verb = method switch
        {
            "GET" or "HEAD" => watch ? "WATCH" : named ? "GET" : "LIST",
            "DELETE" => named ? "DELETE" : "DELETECOLLECTION",
            _ => method.ToUpperInvariant(),
        };
        return new RequestKey(verb, group, version, tail[0], tail.Length > 2 ? tail[2] : "", scope);
    }
}
