using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Upstream's core/v1 defaulting of a PodSpec (SetDefaults_PodSpec, _Container, _Pod), applied to
/// pods and to the pod templates of workloads, so objects read back as a real cluster returns them.
/// </summary>
internal static class PodDefaults
{
    public static void ApplyToSpec(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["schedulerName"] ??= "default-scheduler";
        spec["securityContext"] ??= new JsonObject();
        spec["enableServiceLinks"] ??= true;
        foreach (var field in new[] { "initContainers", "containers" })
        {
            if (spec[field] is JsonArray containers)
            {
                foreach (var container in containers.OfType<JsonObject>())
                {
                    ApplyToContainer(container);
                }
            }
        }
    }

    private static void ApplyToContainer(JsonObject container)
    {
        container["terminationMessagePath"] ??= "/dev/termination-log";
        container["terminationMessagePolicy"] ??= "File";
        if (container["imagePullPolicy"] is null && container["image"] is JsonValue image && image.TryGetValue<string>(out var reference))
        {
            container["imagePullPolicy"] = Tag(reference) == "latest" ? "Always" : "IfNotPresent";
        }

        if (container["resources"] is not JsonObject resources)
        {
            resources = [];
            container["resources"] = resources;
        }

        // Requests default to the limits where only limits are given (SetDefaults_Pod).
        if (resources["limits"] is JsonObject { Count: > 0 } limits)
        {
            if (resources["requests"] is not JsonObject requests)
            {
                requests = [];
                resources["requests"] = requests;
            }

            foreach (var (name, value) in limits)
            {
                requests[name] ??= value?.DeepClone();
            }
        }

        if (container["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
            }
        }
    }

    /// <summary>The tag of an image reference: "latest" when it has neither tag nor digest, "" with only a digest.</summary>
    internal static string Tag(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var hasDigest = at >= 0;
        var name = hasDigest ? reference[..at] : reference;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            return name[(colon + 1)..];
        }

        return hasDigest ? "" : "latest";
    }
}
