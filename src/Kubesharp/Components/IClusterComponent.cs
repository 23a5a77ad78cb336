namespace Kubesharp.Components;

/// <summary>
/// One part of the cluster that runs beside the API server in the same process (scheduler,
/// controller manager, kubelet, proxy, DNS). It talks to the others only through the API, via
/// <see cref="ComponentContext.Client"/>, exactly as it would when run alone.
/// </summary>
internal interface IClusterComponent
{
    /// <summary>The name used in progress lines and by <c>--disable</c> (e.g. "scheduler").</summary>
    string Name { get; }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; throwing stops the whole server.</summary>
    Task RunAsync(ComponentContext context, CancellationToken cancellationToken);
}
