using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.LeaderElection;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Controllers.Manager;

/// <summary>
/// kube-controller-manager: once leader, registers every controller on one set of shared
/// informers, waits for the caches, then runs all the loops until stopped or leadership is lost.
/// </summary>
public static partial class ControllerManager
{
    /// <summary>Runs until <paramref name="cancellationToken"/> fires; <paramref name="ready"/> is called once the caches have synced.</summary>
    public static async Task RunAsync(IApiClient client, ControllerManagerOptions options, ILoggerFactory loggerFactory, Action? ready, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var clock = time ?? TimeProvider.System;
        await LeaderElectorFactory.RunWhileLeadingAsync(
            client,
            new LeaderElectionOptions("kube-system", "kube-controller-manager", options.Identity),
            options.LeaderElect,
            lead => LeadAsync(client, options, loggerFactory, clock, ready, lead),
            loggerFactory.CreateLogger("Kubesharp.Controllers.LeaderElection"),
            clock,
            cancellationToken);
    }

    private static async Task LeadAsync(IApiClient client, ControllerManagerOptions options, ILoggerFactory loggerFactory, TimeProvider time, Action? ready, CancellationToken cancellationToken)
    {
        var log = loggerFactory.CreateLogger("Kubesharp.Controllers.ControllerManager");
        using var informers = InformerFactory.CreateShared(client, loggerFactory, time);
        var context = new ControllerContext(
            client,
            informers,
            component => EventRecorders.Create(client, new EventRecorderOptions(component), cancellationToken, loggerFactory.CreateLogger("Kubesharp.Client.Events"), time),
            loggerFactory,
            time);
        var controllers = ControllerCatalog.Create(options).Where(c => !options.Disabled.Contains(c.Name)).ToList();
        foreach (var controller in controllers)
        {
            // Each controller its own throttled client, as upstream's ClientOrDie(name) gives each its
            // own rate limiter: the ReplicaSet controller's creation storm waits in its own queue, and
            // the garbage collector or node lifecycle writes are not stuck behind it.
            controller.Register(context with { Client = ApiClients.Throttled(client, options.ApiThrottle, time) });
        }

        var caches = informers.RunAsync(cancellationToken);
        await informers.WaitForSyncAsync(cancellationToken);
        LogStarted(log, controllers.Count);
        ready?.Invoke();
        try
        {
            await Task.WhenAll(controllers.Select(c => c.RunAsync(cancellationToken)).Append(caches));

            // Loops run until stopped; with none enabled, stay leader quietly instead of re-electing.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped or leadership lost
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "caches synced; running {Count} controllers")]
    private static partial void LogStarted(ILogger logger, int count);
}
