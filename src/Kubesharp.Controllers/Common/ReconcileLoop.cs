using Kubesharp.Client.Reconciling;
using Kubesharp.Client.WorkQueues;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Controllers.Common;

/// <summary>The queue and workers every controller here runs the same way (upstream defaults).</summary>
internal sealed class ReconcileLoop(string name, TimeProvider time)
{
    public IWorkQueue Queue { get; } = WorkQueueFactory.Create(new WorkQueueOptions(RateLimiters.DefaultController(time), time));

    public Task RunAsync(IReconciler reconciler, int workers, ILogger logger, CancellationToken cancellationToken) =>
        ReconcileWorkers.RunAsync(Queue, reconciler, new ReconcileWorkerOptions(name, workers), logger, cancellationToken);
}
