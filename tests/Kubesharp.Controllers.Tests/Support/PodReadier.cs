using System.Text.Json.Nodes;
using Kubesharp.Client.Rest;

namespace Kubesharp.Controllers.Tests.Support;

/// <summary>Plays the nodes in controller tests: every pod that is not yet Ready becomes Running + Ready, until disposed.</summary>
internal sealed class PodReadier : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PodReadier(ControllerHarness harness, string selector) => _loop = RunAsync(harness, selector, _stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(ControllerHarness harness, string selector, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var pod in await harness.PodsAsync(selector, cancellationToken))
            {
                if (pod["status"]?["phase"]?.GetValue<string>() != "Running")
                {
                    try
                    {
                        await harness.MarkReadyAsync(pod, cancellationToken);
                    }
                    catch (ApiException)
                    {
                        // changed or deleted meanwhile
                    }
                }
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
