using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;

namespace Kubesharp.Api.Tables;

/// <summary>apps/v1, batch/v1 and replication controllers, as upstream's printers show them.</summary>
internal static class WorkloadPrinters
{
    public static TablePrinter Deployment { get; } = new(
        [
            Columns.Name,
            Columns.Text("Ready", "Number of the pod with ready state"),
            Columns.Text("Up-to-date", "Total number of non-terminating pods targeted by this deployment that have the desired template spec."),
            Columns.Text("Available", "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."),
            Columns.Age, Columns.Containers, Columns.Images,
            Columns.Selector("Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."),
        ],
        (o, c) =>
        {
            var (names, images) = ContainerCells(Json.At(o, "spec", "template"));
            return
            [
                CorePrinters.Name(o), Invariant($"{Json.Int(o, "status", "readyReplicas")}/{Replicas(o)}"),
                Json.Int(o, "status", "updatedReplicas"), Json.Int(o, "status", "availableReplicas"), c.Age(o), names, images,
                SelectorText(Json.At(o, "spec", "selector"), nilText: "", emptyText: "", errorText: "<invalid>"),
            ];
        });

    public static TablePrinter ReplicaSet { get; } = ReplicaPrinter("ReplicaSet");

    public static TablePrinter ReplicationController { get; } = ReplicaPrinter("ReplicationController");

    public static TablePrinter StatefulSet { get; } = new(
        [Columns.Name, Columns.Text("Ready", "Number of the pod with ready state"), Columns.Age, Columns.Containers, Columns.Images],
        (o, c) =>
        {
            var (names, images) = ContainerCells(Json.At(o, "spec", "template"));
            return [CorePrinters.Name(o), Invariant($"{Json.Int(o, "status", "readyReplicas")}/{Replicas(o)}"), c.Age(o), names, images];
        });

    public static TablePrinter DaemonSet { get; } = new(
        [
            Columns.Name,
            Columns.Integer("Desired", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
            Columns.Integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
            Columns.Integer("Ready", "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
            Columns.Integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
            Columns.Integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
            Columns.Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."),
            Columns.Age, Columns.Containers, Columns.Images,
            Columns.Selector("A label query over pods that are managed by the daemon set."),
        ],
        (o, c) =>
        {
            var (names, images) = ContainerCells(Json.At(o, "spec", "template"));
            return
            [
                CorePrinters.Name(o), Json.Int(o, "status", "desiredNumberScheduled"), Json.Int(o, "status", "currentNumberScheduled"),
                Json.Int(o, "status", "numberReady"), Json.Int(o, "status", "updatedNumberScheduled"), Json.Int(o, "status", "numberAvailable"),
                Json.FormatLabels(Json.At(o, "spec", "template", "spec", "nodeSelector")), c.Age(o), names, images,
                SelectorText(Json.At(o, "spec", "selector")),
            ];
        });

    public static TablePrinter Job { get; } = new(
        [
            Columns.Name,
            Columns.Text("Status", "Status of the job."),
            Columns.Text("Completions", "The number of pods which reached phase Succeeded."),
            Columns.Text("Duration", "Time required to complete the job."),
            Columns.Age, Columns.Containers, Columns.Images,
            Columns.Selector("A label query over pods that should match the pod count."),
        ],
        (o, c) =>
        {
            var succeeded = Json.Int(o, "status", "succeeded");
            string completions;
            if (Json.OptionalInt(o, "spec", "completions") is { } wanted)
            {
                completions = Invariant($"{succeeded}/{wanted}");
            }
            else
            {
                var parallelism = Json.Int(o, "spec", "parallelism");
                completions = parallelism > 1 ? Invariant($"{succeeded}/1 of {parallelism}") : Invariant($"{succeeded}/1");
            }

            var start = Json.Time(o, "status", "startTime");
            var completion = Json.Time(o, "status", "completionTime");
            var duration = start is null ? "" : completion is null ? c.Since(start) : HumanDuration.Format(completion.Value - start.Value);

            var status = HasCondition(o, "Complete") ? "Complete"
                : HasCondition(o, "Failed") ? "Failed"
                : Json.Has(o, "metadata", "deletionTimestamp") ? "Terminating"
                : HasCondition(o, "Suspended") ? "Suspended"
                : HasCondition(o, "FailureTarget") ? "FailureTarget"
                : "Running";

            var (names, images) = ContainerCells(Json.At(o, "spec", "template"));
            return [CorePrinters.Name(o), status, completions, duration, c.Age(o), names, images, SelectorText(Json.At(o, "spec", "selector"))];
        });

    public static TablePrinter CronJob { get; } = new(
        [
            Columns.Name,
            Columns.Text("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
            Columns.Text("Timezone", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
            new TableColumn("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false."),
            Columns.Integer("Active", "A list of pointers to currently running jobs."),
            Columns.Text("Last Schedule", "Information when was the last time the job was successfully scheduled."),
            Columns.Age, Columns.Containers, Columns.Images,
            Columns.Selector("A label query over pods that should match the pod count."),
        ],
        (o, c) =>
        {
            var last = Json.Time(o, "status", "lastScheduleTime") is { } time ? c.Since(time) : "<none>";
            var suspend = Json.OptionalBool(o, "spec", "suspend") is { } s ? (s ? "True" : "False") : "<unset>";
            var (names, images) = ContainerCells(Json.At(o, "spec", "jobTemplate", "spec", "template"));
            return
            [
                CorePrinters.Name(o), Json.Str(o, "spec", "schedule"), Json.Scalar(o, "spec", "timeZone") ?? "<none>", suspend,
                Json.Count(o, "status", "active"), last, c.Age(o), names, images, SelectorText(Json.At(o, "spec", "jobTemplate", "spec", "selector")),
            ];
        });

    public static TablePrinter ControllerRevision { get; } = new(
        [
            Columns.Name,
            Columns.Text("Controller", "Controller of the object"),
            Columns.Text("Revision", "Revision indicates the revision of the state represented by Data."),
            Columns.Age,
        ],
        (o, c) =>
        {
            var controller = "<none>";
            var owner = Json.Objects(o, "metadata", "ownerReferences").FirstOrDefault(r => Json.Bool(r, "controller"));
            if (owner is not null)
            {
                var apiVersion = Json.Str(owner, "apiVersion");
                var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
                var group = slash < 0 ? "" : apiVersion[..slash];
                var kind = Json.Str(owner, "kind");
                controller = kind.Length == 0 && group.Length == 0
                    ? Json.Str(owner, "name")
                    : (group.Length == 0 ? kind : kind + "." + group).ToLowerInvariant() + "/" + Json.Str(owner, "name");
            }

            return [CorePrinters.Name(o), controller, Json.Int(o, "revision"), c.Age(o)];
        });

    /// <summary>metav1.FormatLabelSelector: "&lt;none&gt;" for a missing or empty selector, "&lt;error&gt;" for an invalid one.</summary>
    internal static string SelectorText(JsonNode? selector, string nilText = "<none>", string emptyText = "<none>", string errorText = "<error>")
    {
        if (selector is not JsonObject obj)
        {
            return nilText;
        }

        try
        {
            var text = LabelSelector.FromObject(obj).ToString();
            return text.Length == 0 ? emptyText : text;
        }
        catch (SelectorException)
        {
            return errorText;
        }
    }

    internal static (string Names, string Images) ContainerCells(JsonNode? podTemplate)
    {
        var containers = Json.Objects(podTemplate, "spec", "containers").ToList();
        return (string.Join(",", containers.Select(x => Json.Str(x, "name"))), string.Join(",", containers.Select(x => Json.Str(x, "image"))));
    }

    private static TablePrinter ReplicaPrinter(string kind) => new(
        [
            Columns.Name,
            Columns.Integer("Desired", "Replicas is the number of desired replicas."),
            Columns.Integer("Current", "Replicas is the most recently observed number of replicas."),
            Columns.Integer("Ready", "The number of ready replicas for this " + kind + "."),
            Columns.Age, Columns.Containers, Columns.Images,
            Columns.Selector("Selector is a label query over pods that should match the replica count."),
        ],
        (o, c) =>
        {
            var (names, images) = ContainerCells(Json.At(o, "spec", "template"));
            // A replication controller's selector is a plain map; a replica set's is a LabelSelector.
            var selector = kind == "ReplicationController" ? Json.FormatLabels(Json.At(o, "spec", "selector")) : SelectorText(Json.At(o, "spec", "selector"));
            return
            [
                CorePrinters.Name(o), Replicas(o), Json.Int(o, "status", "replicas"),
                Json.Int(o, "status", "readyReplicas"), c.Age(o), names, images, selector,
            ];
        });

    // spec.replicas defaults to 1 on create; an object stored without it shows what upstream would.
    private static long Replicas(JsonObject o) => Json.OptionalInt(o, "spec", "replicas") ?? 1;

    private static bool HasCondition(JsonObject o, string type) =>
        Json.Objects(o, "status", "conditions").FirstOrDefault(x => Json.Str(x, "type") == type) is { } condition && Json.Str(condition, "status") == "True";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
