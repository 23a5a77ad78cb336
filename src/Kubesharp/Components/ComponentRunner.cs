using System.Diagnostics;

namespace Kubesharp.Components;

/// <summary>
/// Runs the enabled components side by side until the server stops. A component that fails
/// takes the server down with it (as a crashed upstream component would exit), so a half-working
/// cluster never looks healthy.
/// </summary>
internal static class ComponentRunner
{
    /// <summary>Completes when <paramref name="cancellationToken"/> fires (normal stop) or throws the first component failure.</summary>
    public static async Task RunAsync(IReadOnlyList<IClusterComponent> components, ComponentContext context, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = components.Select(c => RunOneAsync(c, context, stop.Token)).ToList();
        running.Add(WaitForStopAsync(stop.Token));
        var first = await Task.WhenAny(running);
        stop.Cancel();
        try
        {
            await first; // rethrows a component failure
        }
        finally
        {
            await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private static async Task RunOneAsync(IClusterComponent component, ComponentContext context, CancellationToken cancellationToken)
    {
        try
        {
            await component.RunAsync(context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is not ComponentFailedException)
        {
            throw new ComponentFailedException(component.Name, e);
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            throw new ComponentFailedException(component.Name, new UnreachableException("it stopped by itself"));
        }
    }

    private static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // normal stop
        }
    }
}
