using Kubesharp.Client.WorkQueues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Client.Reconciling;

/// <summary>
/// The shared worker loop: N workers take keys from the queue, reconcile, and on failure requeue
/// with the queue's backoff; success forgets the key's failure history.
/// </summary>
public static partial class ReconcileWorkers
{
    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the queue shuts down; then shuts the queue down and waits for in-flight reconciles.</summary>
    public static async Task RunAsync(IWorkQueue queue, IReconciler reconciler, ReconcileWorkerOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Workers);
        var log = logger ?? NullLogger.Instance;
        var workers = new Task[options.Workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(queue, reconciler, options, log, cancellationToken), CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            queue.ShutDown();
        }
    }

    private static async Task WorkAsync(IWorkQueue queue, IReconciler reconciler, ReconcileWorkerOptions options, ILogger log, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string? key;
            try
            {
                key = await queue.GetAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (key is null)
            {
                return;
            }

            try
            {
                await reconciler.ReconcileAsync(key, cancellationToken);
                queue.Forget(key);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // stopping: the key is simply not finished
            }
            catch (Rest.ApiException ex) when (ex.Code == 409)
            {
                // A write raced another writer: normal under optimistic concurrency (upstream logs it at
                // a verbose level). The next attempt reads the newer object.
                LogConflict(log, options.Name, key, ex.Message);
                queue.AddRateLimited(key);
            }
            catch (TerminalReconcileException ex)
            {
                LogTerminal(log, options.Name, key, ex);
                queue.Forget(key);
            }
#pragma warning disable CA1031 // a reconcile failure of any kind must requeue, not kill the worker
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var failures = queue.NumRequeues(key);
                if (options.MaxRetries is { } max && failures >= max)
                {
                    LogDropped(log, options.Name, key, failures, ex);
                    queue.Forget(key);
                    options.OnDropped?.Invoke(key, ex);
                }
                else
                {
                    LogRetry(log, options.Name, key, failures + 1, ex);
                    queue.AddRateLimited(key);
                }
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller}: reconcile of {Key} failed (attempt {Attempt}); retrying with backoff")]
    private static partial void LogRetry(ILogger logger, string controller, string key, int attempt, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Controller}: {Key} hit a conflict ({Message}); requeued")]
    private static partial void LogConflict(ILogger logger, string controller, string key, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Controller}: dropping {Key} after {Failures} failed retries")]
    private static partial void LogDropped(ILogger logger, string controller, string key, int failures, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Controller}: reconcile of {Key} failed terminally; not retrying")]
    private static partial void LogTerminal(ILogger logger, string controller, string key, Exception error);
}
