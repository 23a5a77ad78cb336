using Kubesharp.Controllers.Manager;

namespace Kubesharp.Components;

/// <summary>The controller manager inside <c>kubesharp server</c> (leader-elected, as upstream's).</summary>
internal sealed class ControllerManagerComponent : IClusterComponent
{
    public string Name => "controllers";

    public Task RunAsync(ComponentContext context, CancellationToken cancellationToken) =>
        ControllerManager.RunAsync(
            context.Client,
            new ControllerManagerOptions($"{Environment.MachineName}_{Environment.ProcessId}"),
            context.LoggerFactory,
            () => context.Ready(Name),
            cancellationToken);
}
