namespace Kubesharp.Client.Reconciling;

/// <summary>
/// A controller's one method. The key is "namespace/name" (or "name"); reconciles are level-based:
/// read desired and observed state, act, return. Throwing requeues the key with backoff, unless the
/// exception is a <see cref="TerminalReconcileException"/>.
/// </summary>
public interface IReconciler
{
    Task ReconcileAsync(string key, CancellationToken cancellationToken);
}
