namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>A scaling policy: change by <see cref="Value"/> pods or percent within <see cref="PeriodSeconds"/>.</summary>
internal sealed record ScalingPolicy(string Type, int Value, int PeriodSeconds);
