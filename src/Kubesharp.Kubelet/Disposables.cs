namespace Kubesharp.Kubelet;

/// <summary>Disposes, in order, whichever of the given objects are disposable (factories return interfaces that may not say).</summary>
internal sealed class Disposables(params object[] items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items)
        {
            (item as IDisposable)?.Dispose();
        }
    }
}
