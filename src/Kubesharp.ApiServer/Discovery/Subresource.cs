namespace Kubesharp.ApiServer.Discovery;

/// <summary>How discovery describes one subresource: the kind its body is and the verbs it allows.</summary>
internal sealed record Subresource(string Group, string Version, string Kind, IReadOnlyList<string> Verbs)
{
    private static readonly string[] GetPatchUpdate = ["get", "patch", "update"];
    private static readonly string[] Create = ["create"];
    private static readonly string[] CreateGet = ["create", "get"];
    private static readonly string[] Proxy = ["create", "delete", "get", "patch", "update"];

    /// <summary>Upstream's kind and verbs for <paramref name="name"/> of a resource of kind <paramref name="kind"/>.</summary>
    public static Subresource For(string name, string group, string version, string kind) => name switch
    {
        "status" => new(group, version, kind, GetPatchUpdate),
        "scale" => new("autoscaling", "v1", "Scale", GetPatchUpdate),
        "ephemeralcontainers" => new(group, version, kind, GetPatchUpdate),
        "log" => new(group, version, kind, ["get"]),
        "binding" => new(group, version, "Binding", Create),
        "eviction" => new("policy", "v1", "Eviction", Create),
        "token" => new("authentication.k8s.io", "v1", "TokenRequest", Create),
        "finalize" => new(group, version, kind, ["update"]),
        "exec" => new(group, version, "PodExecOptions", CreateGet),
        "attach" => new(group, version, "PodAttachOptions", CreateGet),
        "portforward" => new(group, version, "PodPortForwardOptions", CreateGet),
        "proxy" => new(group, version, $"{kind}ProxyOptions", Proxy),
        _ => new(group, version, kind, GetPatchUpdate),
    };
}
