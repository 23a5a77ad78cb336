using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Tables;

/// <summary>Networking, storage, RBAC bindings, autoscaling, policy, discovery and coordination kinds.</summary>
internal static class ClusterPrinters
{
    public static TablePrinter Ingress { get; } = new(
        [
            Columns.Name,
            Columns.Text("Class", "The name of the IngressClass resource that should be used for additional configuration"),
            Columns.Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            Columns.Text("Address", "Address is a list containing ingress points for the load-balancer"),
            Columns.Text("Ports", "Ports of TLS configurations that open"),
            Columns.Age,
        ],
        (o, c) =>
        {
            var rules = Json.Objects(o, "spec", "rules").ToList();
            const int maximum = 3;
            var hosts = new List<string>();
            var more = false;
            foreach (var rule in rules)
            {
                if (hosts.Count == maximum)
                {
                    more = true;
                }

                if (!more && Json.Str(rule, "host") is { Length: > 0 } host)
                {
                    hosts.Add(host);
                }
            }

            var hostText = hosts.Count == 0 ? "*" : more ? Invariant($"{string.Join(",", hosts)} + {rules.Count - maximum} more...") : string.Join(",", hosts);
            return
            [
                CorePrinters.Name(o), Json.Scalar(o, "spec", "ingressClassName") ?? "<none>", hostText,
                CorePrinters.LoadBalancerIngress(Json.At(o, "status", "loadBalancer")),
                Json.Count(o, "spec", "tls") > 0 ? "80, 443" : "80", c.Age(o),
            ];
        });

    // printPriorityClass: the value and default flag as typed cells, the policy as stored.
    public static TablePrinter PriorityClass { get; } = new(
        [
            Columns.Name,
            Columns.Integer("Value", "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec."),
            new TableColumn("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.", 0),
            Columns.Age,
            Columns.Text("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset."),
        ],
        (o, c) => [CorePrinters.Name(o), Json.Int(o, "value"), Json.Bool(o, "globalDefault"), c.Age(o), Json.Str(o, "preemptionPolicy")]);

    public static TablePrinter IngressClass { get; } = new(
        [
            Columns.Name,
            Columns.Text("Controller", "Controller that is responsible for handling this class"),
            Columns.Text("Parameters", "A reference to a resource with additional parameters"),
            Columns.Age,
        ],
        (o, c) =>
        {
            var parameters = "<none>";
            if (Json.At(o, "spec", "parameters") is JsonObject p)
            {
                parameters = Json.Str(p, "kind");
                if (Json.Has(p, "apiGroup"))
                {
                    parameters += "." + Json.Str(p, "apiGroup");
                }

                parameters += "/" + Json.Str(p, "name");
            }

            return [CorePrinters.Name(o), Json.Str(o, "spec", "controller"), parameters, c.Age(o)];
        });

    public static TablePrinter NetworkPolicy { get; } = new(
        [Columns.Name, Columns.Text("Pod-Selector", "Selects the pods to which this NetworkPolicy object applies."), Columns.Age],
        (o, c) => [CorePrinters.Name(o), WorkloadPrinters.SelectorText(Json.At(o, "spec", "podSelector") ?? new JsonObject()), c.Age(o)]);

    public static TablePrinter StorageClass { get; } = new(
        [
            Columns.Name,
            Columns.Text("Provisioner", "provisioner indicates the type of the provisioner."),
            Columns.Text("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
            Columns.Text("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound."),
            Columns.Text("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand."),
            Columns.Age,
        ],
        (o, c) =>
        {
            var name = CorePrinters.Name(o);
            if (IsDefaultClass(o))
            {
                name += " (default)";
            }

            return
            [
                name, Json.Str(o, "provisioner"), Json.Scalar(o, "reclaimPolicy") ?? "Delete", Json.Scalar(o, "volumeBindingMode") ?? "Immediate",
                Json.Bool(o, "allowVolumeExpansion"), c.Age(o),
            ];
        });

    public static TablePrinter Lease { get; } = new(
        [Columns.Name, Columns.Text("Holder", "holderIdentity contains the identity of the holder of a current lease."), Columns.Age],
        (o, c) => [CorePrinters.Name(o), Json.Str(o, "spec", "holderIdentity"), c.Age(o)]);

    public static TablePrinter RoleBinding { get; } = Binding("roleBinding");

    public static TablePrinter ClusterRoleBinding { get; } = Binding("clusterRoleBinding");

    public static TablePrinter EndpointSlice { get; } = new(
        [
            Columns.Name,
            Columns.Text("AddressType", "addressType specifies the type of address carried by this EndpointSlice."),
            Columns.Text("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice."),
            Columns.Text("Endpoints", "endpoints is a list of unique endpoints in this slice."),
            Columns.Age,
        ],
        (o, c) =>
        {
            var ports = Json.Objects(o, "ports").Select(p =>
                Json.OptionalInt(p, "port") is { } port ? port.ToString(CultureInfo.InvariantCulture) : Json.Scalar(p, "name") ?? "*").ToList();
            var addresses = Json.Objects(o, "endpoints").SelectMany(e => Json.Strings(e, "addresses")).ToList();
            return [CorePrinters.Name(o), Json.Str(o, "addressType"), WithMore(ports), WithMore(addresses), c.Age(o)];
        });

    public static TablePrinter PodDisruptionBudget { get; } = new(
        [
            Columns.Name,
            Columns.Text("Min Available", "The minimum number of pods that must be available."),
            Columns.Text("Max Unavailable", "The maximum number of pods that may be unavailable."),
            Columns.Integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
            Columns.Age,
        ],
        (o, c) =>
        [
            CorePrinters.Name(o), Json.Scalar(o, "spec", "minAvailable") ?? "N/A", Json.Scalar(o, "spec", "maxUnavailable") ?? "N/A",
            Json.Int(o, "status", "disruptionsAllowed"), c.Age(o),
        ]);

    public static TablePrinter HorizontalPodAutoscaler { get; } = new(
        [
            Columns.Name,
            Columns.Text("Reference", "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
            Columns.Text("Targets", "metrics contains the specifications for which to use to calculate the desired replica count."),
            Columns.Text("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
            Columns.Text("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up."),
            Columns.Text("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
            Columns.Age,
        ],
        (o, c) =>
        [
            CorePrinters.Name(o), Json.Str(o, "spec", "scaleTargetRef", "kind") + "/" + Json.Str(o, "spec", "scaleTargetRef", "name"), HpaMetrics.Format(o),
            Json.OptionalInt(o, "spec", "minReplicas") is { } min ? min.ToString(CultureInfo.InvariantCulture) : "<unset>",
            Json.Int(o, "spec", "maxReplicas"), Json.Int(o, "status", "currentReplicas"), c.Age(o),
        ]);

    private static TablePrinter Binding(string what) => new(
        [
            Columns.Name,
            Columns.Text("Role", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."),
            Columns.Age,
            Columns.Text("Users", "Users in the " + what, 1),
            Columns.Text("Groups", "Groups in the " + what, 1),
            Columns.Text("ServiceAccounts", "ServiceAccounts in the " + what, 1),
        ],
        (o, c) =>
        {
            var users = new List<string>();
            var groups = new List<string>();
            var serviceAccounts = new List<string>();
            foreach (var subject in Json.Objects(o, "subjects"))
            {
                switch (Json.Str(subject, "kind"))
                {
                    case "ServiceAccount":
                        serviceAccounts.Add(Json.Str(subject, "namespace") + "/" + Json.Str(subject, "name"));
                        break;
                    case "User":
                        users.Add(Json.Str(subject, "name"));
                        break;
                    case "Group":
                        groups.Add(Json.Str(subject, "name"));
                        break;
                }
            }

            return
            [
                CorePrinters.Name(o), Json.Str(o, "roleRef", "kind") + "/" + Json.Str(o, "roleRef", "name"), c.Age(o),
                string.Join(", ", users), string.Join(", ", groups), string.Join(", ", serviceAccounts),
            ];
        });

    private static bool IsDefaultClass(JsonObject o) =>
        Json.Str(o, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class") == "true"
        || Json.Str(o, "metadata", "annotations", "storageclass.beta.kubernetes.io/is-default-class") == "true";

    private static string WithMore(List<string> items)
    {
        const int maximum = 3;
        if (items.Count > maximum)
        {
            return Invariant($"{string.Join(",", items.Take(maximum))} + {items.Count - maximum} more...");
        }

        return items.Count == 0 ? "<unset>" : string.Join(",", items);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
