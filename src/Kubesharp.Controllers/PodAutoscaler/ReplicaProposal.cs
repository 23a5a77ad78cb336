namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>What one metric asks for, and the current value it saw (for status.currentMetrics).</summary>
/// <param name="Utilization">Percent of request, for Utilization targets.</param>
/// <param name="AverageMilli">Average usage per pod in milli-units.</param>
internal sealed record ReplicaProposal(int Replicas, int? Utilization, long AverageMilli, DateTimeOffset Timestamp);
