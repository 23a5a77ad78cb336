using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Pods;

/// <summary>The CRI sandbox config of a pod, as upstream's kubelet derives it (pure, for tests).</summary>
internal static class SandboxSpecs
{
    public static PodSandboxSpec Build(PodView pod, KubeletOptions options, string logDirectory, uint attempt)
    {
        var labels = KubeletLabels.ForPod(pod);
        foreach (var (key, value) in Kubesharp.Api.Objects.ObjectMeta.Labels(pod.Pod))
        {
            labels.TryAdd(key, value);
        }

        return new PodSandboxSpec(pod.Name, pod.Namespace, pod.Uid)
        {
            Attempt = attempt,
            Hostname = Hostname(pod),
            LogDirectory = logDirectory,
            Labels = labels,
            Annotations = Kubesharp.Api.Objects.ObjectMeta.Annotations(pod.Pod),
            PortMappings = PortMappings(pod),
            Network = pod.HostNetwork ? PodNetworkMode.Node : PodNetworkMode.Pod,
            Dns = Dns(pod, options),
        };
    }

    /// <summary>spec.hostname, else the pod name cut to 63 characters (host-network pods keep the node's name).</summary>
    internal static string Hostname(PodView pod)
    {
        if (pod.HostNetwork)
        {
            return "";
        }

        var name = PodView.Str(pod.Spec["hostname"]) is { Length: > 0 } h ? h : pod.Name;
        return name.Length > 63 ? name[..63].TrimEnd('-', '.') : name;
    }

    /// <summary>hostPort publications of every container (containers without hostPort publish nothing).</summary>
    internal static IReadOnlyList<PortMapping> PortMappings(PodView pod)
    {
        var result = new List<PortMapping>();
        foreach (var container in pod.Containers)
        {
            foreach (var port in (container["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var hostPort = (int)(PodView.Long(port["hostPort"]) ?? 0);
                if (hostPort <= 0)
                {
                    continue;
                }

                result.Add(new PortMapping((int)(PodView.Long(port["containerPort"]) ?? hostPort), hostPort)
                {
                    Protocol = PodView.Str(port["protocol"]) ?? "TCP",
                    HostIp = PodView.Str(port["hostIP"]) ?? "",
                });
            }
        }

        return result;
    }

    /// <summary>
    /// resolv.conf by dnsPolicy: ClusterFirst (default) points at the cluster DNS with upstream's
    /// search list and ndots:5, except for host-network pods (node's own); Default is the node's;
    /// None is dnsConfig alone. dnsConfig's servers, searches and options are appended.
    /// </summary>
    internal static PodDnsConfig? Dns(PodView pod, KubeletOptions options)
    {
        var policy = PodView.Str(pod.Spec["dnsPolicy"]) ?? "ClusterFirst";
        var config = pod.Spec["dnsConfig"] as JsonObject;
        List<string> servers = [];
        List<string> searches = [];
        List<string> dnsOptions = [];
        var cluster = policy == "ClusterFirstWithHostNet" || (policy == "ClusterFirst" && !pod.HostNetwork);
        if (cluster)
        {
            servers.Add(options.ClusterDns);
            searches.AddRange([$"{pod.Namespace}.svc.{options.ClusterDomain}", $"svc.{options.ClusterDomain}", options.ClusterDomain]);
            dnsOptions.Add("ndots:5");
        }
        else if (policy != "None" && config is null)
        {
            return null; // the node's resolv.conf
        }

        servers.AddRange(Strings(config?["nameservers"]));
        searches.AddRange(Strings(config?["searches"]));
        foreach (var option in (config?["options"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = PodView.Str(option["name"]) ?? "";
            var value = PodView.Str(option["value"]);
            dnsOptions.RemoveAll(o => o == name || o.StartsWith(name + ":", StringComparison.Ordinal));
            dnsOptions.Add(value is null ? name : $"{name}:{value}");
        }

        return new PodDnsConfig(servers.Distinct(StringComparer.Ordinal).ToList(), searches.Distinct(StringComparer.Ordinal).ToList(), dnsOptions);
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        (node as JsonArray)?.Select(PodView.Str).OfType<string>() ?? [];
}
