using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Tables;

/// <summary>Core (v1) kinds other than pods, as upstream's printers show them.</summary>
internal static class CorePrinters
{
    public static TablePrinter Namespace { get; } = new(
        [Columns.Name, Columns.Text("Status", "The status of the namespace"), Columns.Age],
        (o, c) => [Name(o), Json.Str(o, "status", "phase"), c.Age(o)]);

    public static TablePrinter ConfigMap { get; } = new(
        [Columns.Name, Columns.Text("Data", "Data contains the configuration data."), Columns.Age],
        (o, c) => [Name(o), Json.Count(o, "data") + Json.Count(o, "binaryData"), c.Age(o)]);

    public static TablePrinter Secret { get; } = new(
        [Columns.Name, Columns.Text("Type", "Used to facilitate programmatic handling of secret data."), Columns.Text("Data", "Data contains the secret data."), Columns.Age],
        (o, c) => [Name(o), Json.Str(o, "type"), Json.Count(o, "data"), c.Age(o)]);

    public static TablePrinter ServiceAccount { get; } = new(
        [Columns.Name, Columns.Text("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), Columns.Age],
        (o, c) => [Name(o), Json.Count(o, "secrets"), c.Age(o)]);

    public static TablePrinter Endpoints { get; } = new(
        [Columns.Name, Columns.Text("Endpoints", "The set of all endpoints is the union of all subsets."), Columns.Age],
        (o, c) => [Name(o), FormatEndpoints(o), c.Age(o)]);

    public static TablePrinter Service { get; } = new(
        [
            Columns.Name,
            Columns.Text("Type", "type determines how the Service is exposed."),
            Columns.Text("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
            Columns.Text("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            Columns.Text("Port(s)", "The list of ports that are exposed by this service."),
            Columns.Age,
            Columns.Selector("Route service traffic to pods with label keys and values matching this selector."),
        ],
        (o, c) =>
        {
            var clusterIP = Json.Strings(o, "spec", "clusterIPs").FirstOrDefault() ?? Json.Str(o, "spec", "clusterIP");
            var ports = string.Join(",", Json.Objects(o, "spec", "ports").Select(p =>
            {
                var protocol = Json.Str(p, "protocol");
                var nodePort = Json.Int(p, "nodePort");
                return nodePort > 0
                    ? Invariant($"{Json.Int(p, "port")}:{nodePort}/{protocol}")
                    : Invariant($"{Json.Int(p, "port")}/{protocol}");
            }));
            return
            [
                Name(o), Json.Str(o, "spec", "type"), clusterIP.Length == 0 ? "<none>" : clusterIP, ServiceExternalIP(o),
                ports.Length == 0 ? "<none>" : ports, c.Age(o), Json.FormatLabels(Json.At(o, "spec", "selector")),
            ];
        });

    public static TablePrinter Node { get; } = new(
        [
            Columns.Name,
            Columns.Text("Status", "The status of the node"),
            Columns.Text("Roles", "The roles of the node"),
            Columns.Age,
            Columns.Text("Version", "Kubelet Version reported by the node."),
            Columns.Text("Internal-IP", "List of addresses reachable to the node.", 1),
            Columns.Text("External-IP", "List of addresses reachable to the node.", 1),
            Columns.Text("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
            Columns.Text("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
            Columns.Text("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
        ],
        (o, c) =>
        {
            // Only the Ready condition counts; the last one of that type wins, as in upstream's map.
            var ready = Json.Objects(o, "status", "conditions").LastOrDefault(x => Json.Str(x, "type") == "Ready");
            var status = new List<string> { ready is null ? "Unknown" : Json.Str(ready, "status") == "True" ? "Ready" : "NotReady" };
            if (Json.Bool(o, "spec", "unschedulable"))
            {
                status.Add("SchedulingDisabled");
            }

            var roles = new SortedSet<string>(StringComparer.Ordinal);
            if (Json.At(o, "metadata", "labels") is JsonObject labels)
            {
                foreach (var (key, value) in labels)
                {
                    if (key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && key.Length > "node-role.kubernetes.io/".Length)
                    {
                        roles.Add(key["node-role.kubernetes.io/".Length..]);
                    }
                    else if (key == "kubernetes.io/role" && Json.Str(value) is { Length: > 0 } role)
                    {
                        roles.Add(role);
                    }
                }
            }

            return
            [
                Name(o), string.Join(",", status), roles.Count == 0 ? "<none>" : string.Join(",", roles), c.Age(o),
                Json.Str(o, "status", "nodeInfo", "kubeletVersion"),
                NodeAddress(o, "InternalIP"), NodeAddress(o, "ExternalIP"),
                Unknown(Json.Str(o, "status", "nodeInfo", "osImage")),
                Unknown(Json.Str(o, "status", "nodeInfo", "kernelVersion")),
                Unknown(Json.Str(o, "status", "nodeInfo", "containerRuntimeVersion")),
            ];
        });

    public static TablePrinter PersistentVolume { get; } = new(
        [
            Columns.Name,
            Columns.Text("Capacity", "capacity is the description of the persistent volume's resources and capacity."),
            Columns.Text("Access Modes", "accessModes contains all ways the volume can be mounted."),
            Columns.Text("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
            Columns.Text("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
            Columns.Text("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
            Columns.Text("StorageClass", "StorageClass of the pv"),
            Columns.Text("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
            Columns.Text("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
            Columns.Age,
            Columns.Text("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.", 1),
        ],
        (o, c) =>
        {
            var claim = Json.Has(o, "spec", "claimRef") ? Json.Str(o, "spec", "claimRef", "namespace") + "/" + Json.Str(o, "spec", "claimRef", "name") : "";
            var phase = Json.Has(o, "metadata", "deletionTimestamp") ? "Terminating" : Json.Str(o, "status", "phase");
            return
            [
                Name(o), Json.Scalar(o, "spec", "capacity", "storage") ?? "0", AccessModes(o, "spec"), Json.Str(o, "spec", "persistentVolumeReclaimPolicy"),
                phase, claim, StorageClass(o, Json.Str(o, "spec", "storageClassName")),
                Json.Scalar(o, "spec", "volumeAttributesClassName") ?? "<unset>", Json.Str(o, "status", "reason"), c.Age(o),
                Json.Scalar(o, "spec", "volumeMode") ?? "<unset>",
            ];
        });

    public static TablePrinter PersistentVolumeClaim { get; } = new(
        [
            Columns.Name,
            Columns.Text("Status", "phase represents the current phase of PersistentVolumeClaim."),
            Columns.Text("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            Columns.Text("Capacity", "capacity represents the actual resources of the underlying volume."),
            Columns.Text("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."),
            Columns.Text("StorageClass", "StorageClass of the pvc"),
            Columns.Text("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
            Columns.Age,
            Columns.Text("VolumeMode", "volumeMode defines what type of volume is required by the claim.", 1),
        ],
        (o, c) =>
        {
            var phase = Json.Has(o, "metadata", "deletionTimestamp") ? "Terminating" : Json.Str(o, "status", "phase");
            var volume = Json.Str(o, "spec", "volumeName");
            var bound = volume.Length > 0;
            return
            [
                Name(o), phase, volume, bound ? Json.Scalar(o, "status", "capacity", "storage") ?? "0" : "", bound ? AccessModes(o, "status") : "",
                StorageClass(o, Json.Scalar(o, "spec", "storageClassName") ?? ""), Json.Scalar(o, "spec", "volumeAttributesClassName") ?? "<unset>",
                c.Age(o), Json.Scalar(o, "spec", "volumeMode") ?? "<unset>",
            ];
        });

    public static TablePrinter ResourceQuota { get; } = new(
        [
            Columns.Name,
            Columns.Age,
            Columns.Text("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
            Columns.Text("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
        ],
        (o, c) =>
        {
            var requests = new List<string>();
            var limits = new List<string>();
            if (Json.At(o, "status", "hard") is JsonObject hard)
            {
                foreach (var (resource, value) in hard.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var text = $"{resource}: {Json.Scalar(o, "status", "used", resource) ?? "0"}/{Json.Scalar(value) ?? "0"}";
                    (resource.StartsWith("limits.", StringComparison.Ordinal) ? limits : requests).Add(text);
                }
            }

            return [Name(o), c.Age(o), string.Join(", ", requests), string.Join(", ", limits)];
        });

    internal static string Name(JsonObject o) => Json.Str(o, "metadata", "name");

    private static string ServiceExternalIP(JsonObject o)
    {
        var externalIPs = Json.Strings(o, "spec", "externalIPs").ToList();
        switch (Json.Str(o, "spec", "type"))
        {
            case "ClusterIP" or "NodePort":
                return externalIPs.Count > 0 ? string.Join(",", externalIPs) : "<none>";
            case "LoadBalancer":
                var ingress = LoadBalancerIngress(Json.At(o, "status", "loadBalancer"));
                if (externalIPs.Count > 0)
                {
                    return string.Join(",", (ingress.Length > 0 ? ingress.Split(',') : []).Concat(externalIPs));
                }

                return ingress.Length > 0 ? ingress : "<pending>";
            case "ExternalName":
                return Json.Str(o, "spec", "externalName");
            default:
                return "<unknown>";
        }
    }

    /// <summary>The load balancer's IPs (or host names), de-duplicated and sorted, comma-joined.</summary>
    internal static string LoadBalancerIngress(JsonNode? loadBalancer)
    {
        var addresses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var ingress in Json.Objects(loadBalancer, "ingress"))
        {
            if (Json.Str(ingress, "ip") is { Length: > 0 } ip)
            {
                addresses.Add(ip);
            }
            else if (Json.Str(ingress, "hostname") is { Length: > 0 } host)
            {
                addresses.Add(host);
            }
        }

        return string.Join(",", addresses);
    }

    private static string FormatEndpoints(JsonObject o)
    {
        var subsets = Json.Objects(o, "subsets").ToList();
        if (subsets.Count == 0)
        {
            return "<none>";
        }

        const int maximum = 3;
        var list = new List<string>();
        var count = 0;
        var more = false;
        foreach (var subset in subsets)
        {
            var addresses = Json.Objects(subset, "addresses").Select(a => Json.Str(a, "ip")).ToList();
            var ports = Json.Objects(subset, "ports").ToList();
            if (ports.Count == 0)
            {
                // Headless services may have no ports.
                count += addresses.Count;
                foreach (var ip in addresses)
                {
                    if (list.Count == maximum)
                    {
                        more = true;
                        break;
                    }

                    list.Add(ip);
                }

                continue;
            }

            foreach (var port in ports)
            {
                count += addresses.Count;
                foreach (var ip in addresses)
                {
                    if (list.Count == maximum)
                    {
                        more = true;
                        break;
                    }

                    var portText = Json.Int(port, "port").ToString(CultureInfo.InvariantCulture);
                    list.Add(ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{portText}" : $"{ip}:{portText}");
                }
            }
        }

        var text = string.Join(",", list);
        return more ? Invariant($"{text} + {count - maximum} more...") : text;
    }

    private static string NodeAddress(JsonObject o, string type) =>
        Json.Objects(o, "status", "addresses").FirstOrDefault(a => Json.Str(a, "type") == type) is { } address ? Json.Str(address, "address") : "<none>";

    private static string AccessModes(JsonObject o, string section)
    {
        var modes = Json.Strings(o, section, "accessModes").ToHashSet(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var (mode, shortName) in (ReadOnlySpan<(string, string)>)[("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")])
        {
            if (modes.Contains(mode))
            {
                names.Add(shortName);
            }
        }

        return string.Join(",", names);
    }

    // The beta annotation, when present, wins over spec.storageClassName (as upstream's helpers).
    private static string StorageClass(JsonObject o, string specClass) =>
        Json.At(o, "metadata", "annotations") is JsonObject annotations && annotations.ContainsKey("volume.beta.kubernetes.io/storage-class")
            ? Json.Str(annotations, "volume.beta.kubernetes.io/storage-class")
            : specClass;

    private static string Unknown(string value) => value.Length == 0 ? "<unknown>" : value;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
