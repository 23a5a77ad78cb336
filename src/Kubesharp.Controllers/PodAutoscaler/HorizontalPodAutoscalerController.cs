using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Selectors;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>
/// HorizontalPodAutoscaler (autoscaling/v2; v1 objects reach it converted by the API): every sync period,
/// reads the target's /scale, computes each resource metric's proposal from the PodMetrics API,
/// takes the largest, stabilizes and rate-limits it, writes the new size through /scale, and
/// reports status (current/desired replicas, currentMetrics, lastScaleTime, conditions) and events.
/// </summary>
internal sealed class HorizontalPodAutoscalerController : ReconcilingController
{
    private static readonly ResourceType Autoscalers = BuiltInResources.Get("autoscaling", "horizontalpodautoscalers");
    private static readonly ResourceType PodsType = BuiltInResources.Get("", "pods");
    private readonly TimeSpan _syncPeriod;
    private readonly TimeSpan _downscaleStabilization;
    private IPodMetricsSource? _metrics;
    private IInformer _autoscalers = null!;
    private IInformer _pods = null!;
    private IEventRecorder _events = null!;
    private ScaleNormalizer _normalizer = null!;

    public HorizontalPodAutoscalerController(ControllerManagerOptions options)
        : this(options.Workers, options.HorizontalPodAutoscalerSyncPeriod, options.HorizontalPodAutoscalerDownscaleStabilization, metrics: null)
    {
    }

    /// <param name="metrics">Null: the metrics.k8s.io API through the API server.</param>
    internal HorizontalPodAutoscalerController(int workers, TimeSpan syncPeriod, TimeSpan downscaleStabilization, IPodMetricsSource? metrics)
        : base("horizontal-pod-autoscaler-controller", "Kubesharp.Controllers.PodAutoscaler", workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(syncPeriod, TimeSpan.Zero);
        _syncPeriod = syncPeriod;
        _downscaleStabilization = downscaleStabilization;
        _metrics = metrics;
    }

    protected override void Watch(ControllerContext context)
    {
        _metrics ??= new ApiPodMetricsSource(context.Client);
        _events = context.Events("horizontal-pod-autoscaler");
        _normalizer = new ScaleNormalizer(Time, _downscaleStabilization);
        _autoscalers = context.Informers.For(Autoscalers);
        _pods = context.Informers.For(PodsType);

        // Status writes must not trigger a sync: only new objects and spec changes do, the rest waits for the period.
        _autoscalers.AddHandler(new InformerHandler
        {
            OnAdd = hpa => Loop.Queue.Add(ObjectKeys.Key(hpa)),
            OnUpdate = (old, hpa) =>
            {
                if (!JsonNode.DeepEquals(old["spec"], hpa["spec"]))
                {
                    Loop.Queue.Add(ObjectKeys.Key(hpa));
                }
            },
            OnDelete = hpa => _normalizer.Forget(ObjectKeys.Key(hpa)),
        });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_autoscalers.Store.Get(key) is not { } hpa || Json.Str(hpa, "metadata", "deletionTimestamp") is not null)
        {
            _normalizer.Forget(key);
            return;
        }

        try
        {
            await SyncAsync(key, hpa, cancellationToken);
        }
        finally
        {
            Loop.Queue.AddAfter(key, _syncPeriod);
        }
    }

    private async Task SyncAsync(string key, JsonObject hpa, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var spec = AutoscalerSpec.From(hpa);
        var ns = Json.Str(hpa, "metadata", "namespace")!;
        var conditions = new AutoscalerConditions(hpa["status"]?["conditions"] as JsonArray, now);
        var previous = new StatusView(hpa);
        ResourceType target;
        JsonObject scale;
        try
        {
            target = TargetType(spec);
            scale = await Client.GetSubresourceAsync(target, ns, spec.TargetName, "scale", cancellationToken);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or KeyNotFoundException)
        {
            _events.Record(hpa, EventType.Warning, "FailedGetScale", e.Message);
            conditions.Set("AbleToScale", "False", "FailedGetScale", $"the HPA controller was unable to get the target's current scale: {e.Message}");
            await WriteStatusAsync(hpa, previous with { Conditions = conditions.ToJson() }, cancellationToken);
            return;
        }

        conditions.Set("AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale");
        var current = (int)(Json.Int(scale, "spec", "replicas") ?? 0);
        _normalizer.RecordInitial(key, current);
        var desired = 0;
        var reason = string.Empty;
        var rescale = true;
        JsonArray? metrics = null;
        if (current == 0 && spec.MinReplicas != 0)
        {
            rescale = false; // autoscaling is off while the target is scaled to zero by hand
            conditions.Set("ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
        }
        else if (current > spec.MaxReplicas)
        {
            (desired, reason) = (spec.MaxReplicas, "Current number of replicas above Spec.MaxReplicas");
        }
        else if (current < spec.MinReplicas)
        {
            (desired, reason) = (spec.MinReplicas, "Current number of replicas below Spec.MinReplicas");
        }
        else
        {
            var (proposal, metricName, statuses, error) = await ComputeAsync(hpa, spec, ns, scale, current, conditions, cancellationToken);
            metrics = statuses;
            if (proposal < 0)
            {
                await WriteStatusAsync(hpa, previous with { CurrentReplicas = current, Metrics = statuses, Conditions = conditions.ToJson() }, cancellationToken);
                _events.Record(hpa, EventType.Warning, "FailedComputeMetricsReplicas", error!);
                return;
            }

            desired = proposal;
            reason = desired > current ? $"{metricName} above target" : desired < current ? "All metrics below target" : string.Empty;
            desired = _normalizer.Normalize(key, spec, current, desired, conditions);
            rescale = desired != current;
        }

        if (rescale)
        {
            var resized = (JsonObject)scale.DeepClone();
            resized["spec"]!["replicas"] = desired;
            try
            {
                await Client.UpdateSubresourceAsync(target, resized, "scale", cancellationToken);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException)
            {
                _events.Record(hpa, EventType.Warning, "FailedRescale", $"New size: {desired}; reason: {reason}; error: {e.Message}");
                conditions.Set("AbleToScale", "False", "FailedUpdateScale", $"the HPA controller was unable to update the target scale: {e.Message}");
                await WriteStatusAsync(hpa, previous with { CurrentReplicas = current, Metrics = metrics, Conditions = conditions.ToJson() }, cancellationToken);
                return;
            }

            conditions.Set("AbleToScale", "True", "SucceededRescale", $"the HPA controller was able to update the target scale to {desired}");
            _events.Record(hpa, EventType.Normal, "SuccessfulRescale", $"New size: {desired}; reason: {reason}");
            _normalizer.RecordScale(key, spec, current, desired);
        }
        else
        {
            desired = current;
        }

        await WriteStatusAsync(hpa, new StatusView(current, desired, metrics, rescale ? Json.Stamp(now) : previous.LastScaleTime, conditions.ToJson()), cancellationToken);
    }

    /// <summary>The largest proposal over spec.metrics; -1 when all fail, or some fail and the rest would scale down.</summary>
    private async Task<(int Replicas, string Metric, JsonArray Statuses, string? Error)> ComputeAsync(
        JsonObject hpa, AutoscalerSpec spec, string ns, JsonObject scale, int current, AutoscalerConditions conditions, CancellationToken cancellationToken)
    {
        var statuses = new JsonArray();
        var selectorText = Json.Str(scale, "status", "selector");
        LabelSelector selector;
        try
        {
            selector = string.IsNullOrEmpty(selectorText) ? throw new SelectorException("selector is required") : LabelSelector.Parse(selectorText);
        }
        catch (SelectorException e)
        {
            var missing = string.IsNullOrEmpty(selectorText);
            var message = missing ? "selector is required" : $"couldn't convert selector into a corresponding internal selector object: {e.Message}";
            _events.Record(hpa, EventType.Warning, missing ? "SelectorRequired" : "InvalidSelector", message);
            conditions.Set("ScalingActive", "False", "InvalidSelector", missing ? "the HPA target's scale is missing a selector" : message);
            return (-1, string.Empty, statuses, message);
        }

        var pods = _pods.Store.ByIndex(Indexers.ByNamespace, ns).Where(selector.MatchesObject).ToList();
        var (replicas, metricName, invalid) = (0, string.Empty, 0);
        (string Reason, string Message)? first = null;
        foreach (var metric in spec.Metrics)
        {
            try
            {
                var usage = metric.Unsupported is { } why
                    ? throw new InvalidOperationException(why)
                    : await _metrics!.GetAsync(ns, selectorText!, metric.Resource, cancellationToken);
                var proposal = ReplicaCalculator.Compute(metric, current, pods, usage, Time.GetUtcNow());
                statuses.Add((JsonNode)MetricStatuses.From(metric, proposal));
                if (replicas == 0 || proposal.Replicas > replicas)
                {
                    (replicas, metricName) = (proposal.Replicas, metric.Name);
                }
            }
            catch (InvalidOperationException e)
            {
                var eventReason = metric.Container is null ? "FailedGetResourceMetric" : "FailedGetContainerResourceMetric";
                var message = metric.Unsupported ?? $"failed to get {metric.Resource} {(metric.Utilization is null ? "usage" : "utilization")}: {e.Message}";
                _events.Record(hpa, EventType.Warning, eventReason, message);
                first ??= (eventReason, $"the HPA was unable to compute the replica count: {e.Message}");
                invalid++;
                statuses.Add((JsonNode)MetricStatuses.Empty());
            }
        }

        if (invalid >= spec.Metrics.Count || (invalid > 0 && replicas < current))
        {
            conditions.Set("ScalingActive", "False", first!.Value.Reason, first.Value.Message);
            return (-1, string.Empty, statuses, $"invalid metrics ({invalid} invalid out of {spec.Metrics.Count}), first error is: {first.Value.Message}");
        }

        conditions.Set("ScalingActive", "True", "ValidMetricFound", $"the HPA was able to successfully calculate a replica count from {metricName}");
        return (replicas, metricName, statuses, null);
    }

    private async Task WriteStatusAsync(JsonObject hpa, StatusView view, CancellationToken cancellationToken)
    {
        // Always the v2 form: the informer reads v2 (the stored version), and the API derives v1's
        // currentCPUUtilizationPercentage from currentMetrics when a v1 client reads the object.
        var status = view.ToJson(Json.Int(hpa, "metadata", "generation"));
        await StatusWrites.WriteIfChangedAsync(Client, Autoscalers, hpa, status, cancellationToken);
    }

    /// <summary>The built-in scalable resource scaleTargetRef names (Deployment, ReplicaSet, StatefulSet, ReplicationController).</summary>
    private static ResourceType TargetType(AutoscalerSpec spec)
    {
        var group = spec.TargetApiVersion.Contains('/', StringComparison.Ordinal) ? spec.TargetApiVersion[..spec.TargetApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
        return BuiltInResources.All.FirstOrDefault(r => r.Kind == spec.TargetKind && r.Group == group && r.Subresources.Contains("scale"))
            ?? throw new KeyNotFoundException($"unable to determine resource for scale target reference: no matches for kind \"{spec.TargetKind}\" in group \"{group}\"");
    }
}
