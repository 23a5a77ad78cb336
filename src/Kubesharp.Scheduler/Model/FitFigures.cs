namespace Kubesharp.Scheduler.Model;

/// <summary>A node's requested and allocatable CPU (milli-cores), memory and ephemeral storage (bytes), held by value in <see cref="NodeInfo"/>.</summary>
internal readonly record struct FitFigures(long RequestedMilliCpu, long RequestedMemory, long RequestedStorage, long AllocatableMilliCpu, long AllocatableMemory, long AllocatableStorage);
