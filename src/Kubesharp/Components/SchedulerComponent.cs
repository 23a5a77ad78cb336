using Kubesharp.Scheduler;

namespace Kubesharp.Components;

/// <summary>The scheduler inside <c>kubesharp server</c> (leader-elected, as upstream's).</summary>
internal sealed class SchedulerComponent : IClusterComponent
{
    public string Name => "scheduler";

    public Task RunAsync(ComponentContext context, CancellationToken cancellationToken) =>
        SchedulerHost.RunAsync(
            context.Client,
            new SchedulerOptions($"{Environment.MachineName}_{Environment.ProcessId}"),
            context.LoggerFactory,
            () => context.Ready(Name),
            cancellationToken);
}
