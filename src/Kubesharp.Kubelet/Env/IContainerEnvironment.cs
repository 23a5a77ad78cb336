using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Env;

/// <summary>
/// A container's environment as upstream's kubelet builds it: envFrom, then env (values,
/// configMap/secret key refs, fieldRef, resourceFieldRef) with <c>$(VAR)</c> expansion, then the
/// Service link variables (KUBERNETES_SERVICE_HOST, ...) the container did not set itself. The
/// worker calls it right before CreateContainer, on every (re)start, and passes the result to
/// <see cref="Volumes.IPodVolumes.MountsFor"/> (subPathExpr) and the CRI container config.
/// </summary>
public interface IContainerEnvironment
{
    /// <summary>The variables in upstream's order; a later duplicate name replaces an earlier one in place.</summary>
    /// <exception cref="ContainerConfigException">A required configMap/secret or key is missing, or a
    /// field path is unsupported: the container waits with reason CreateContainerConfigError and the
    /// exception's message; retry on the next sync.</exception>
    Task<IReadOnlyList<KeyValuePair<string, string>>> ResolveAsync(JsonObject pod, JsonObject container, PodAddresses addresses, CancellationToken cancellationToken);
}
