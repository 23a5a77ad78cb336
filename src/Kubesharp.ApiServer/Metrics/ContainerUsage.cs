namespace Kubesharp.ApiServer.Metrics;

/// <summary>One container's cpu rate (nanocores) and memory working set.</summary>
public sealed record ContainerUsage(string Name, ulong NanoCores, ulong WorkingSetBytes);
