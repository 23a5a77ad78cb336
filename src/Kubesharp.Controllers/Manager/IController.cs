namespace Kubesharp.Controllers.Manager;

/// <summary>
/// One control loop of the controller manager. The manager calls <see cref="Register"/> first
/// (ask the shared informers for what you watch, add handlers that enqueue keys), starts the
/// informers, waits for their first lists, then calls <see cref="RunAsync"/> (typically
/// <c>ReconcileWorkers.RunAsync</c> over a rate-limited queue feeding one <c>ReconcileAsync</c>).
/// </summary>
public interface IController
{
    /// <summary>Upstream's name for the loop, e.g. "replicaset-controller"; used in logs and events.</summary>
    string Name { get; }

    void Register(ControllerContext context);

    Task RunAsync(CancellationToken cancellationToken);
}
