using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Cache;

/// <summary>A pod the cache holds (bound or assumed) and the node it is on.</summary>
internal sealed record PlacedPod(PodInfo Pod, NodeInfo Node);
