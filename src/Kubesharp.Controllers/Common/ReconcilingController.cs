using Kubesharp.Client.Reconciling;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Manager;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Controllers.Common;

/// <summary>
/// What every queue-driven controller here shares: the API client, the clock, a logger and one
/// rate-limited queue with its workers, set up before <see cref="Watch"/> so the handlers it adds can
/// enqueue straight away. A controller adds only what it watches and its one <see cref="ReconcileAsync"/>.
/// </summary>
/// <param name="name">Upstream's name for the loop, e.g. "deployment-controller".</param>
/// <param name="logCategory">The logger category, e.g. "Kubesharp.Controllers.Deployment".</param>
/// <param name="workers">How many keys are reconciled at once.</param>
internal abstract class ReconcilingController(string name, string logCategory, int workers) : IController, IReconciler
{
    public string Name => name;

    protected IApiClient Client { get; private set; } = null!;

    protected TimeProvider Time { get; private set; } = TimeProvider.System;

    protected ILogger Logger { get; private set; } = null!;

    protected ReconcileLoop Loop { get; private set; } = null!;

    public void Register(ControllerContext context)
    {
        Client = context.Client;
        Time = context.Time;
        Logger = context.LoggerFactory.CreateLogger(logCategory);
        Loop = new ReconcileLoop(name, context.Time);
        Watch(context);
    }

    public virtual Task RunAsync(CancellationToken cancellationToken) => Loop.RunAsync(this, workers, Logger, cancellationToken);

    public abstract Task ReconcileAsync(string key, CancellationToken cancellationToken);

    /// <summary>Ask the shared informers for what this controller watches and add handlers that enqueue keys.</summary>
    protected abstract void Watch(ControllerContext context);
}
