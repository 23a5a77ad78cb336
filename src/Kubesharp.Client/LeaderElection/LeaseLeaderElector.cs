using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Client.LeaderElection;

/// <summary>
/// client-go's LeaseLock algorithm. Expiry is judged on our own clock from when we last saw the
/// lease record change (not from renewTime, which another machine's clock wrote), and every write
/// is conditional on the resourceVersion we read, so two candidates cannot both win a round.
/// </summary>
internal sealed partial class LeaseLeaderElector(IApiClient client, LeaderElectionOptions options, ILogger logger, TimeProvider time) : ILeaderElector
{
    private const string MicroTime = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private static readonly ResourceType Leases = BuiltInResources.All.Single(r => r.Group == "coordination.k8s.io" && r.Plural == "leases");

    private string? _observedRecord;
    private long _observedAt;
    private volatile bool _isLeader;
    private volatile string? _observedLeader;

    public bool IsLeader => _isLeader;

    public string? ObservedLeader => _observedLeader;

    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (!await AcquireAsync(cancellationToken))
        {
            return;
        }

        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _isLeader = true;
        LogAcquired(logger, options.Identity, options.LeaseName);
        var leading = Task.Run(() => lead(leadership.Token), CancellationToken.None);
        try
        {
            await RenewAsync(leading, cancellationToken);
        }
        finally
        {
            _isLeader = false;
            await leadership.CancelAsync();
            LogStopped(logger, options.Identity, options.LeaseName);
            await leading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (options.ReleaseOnCancel && cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync();
            }
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                return true;
            }

            try
            {
                await Task.Delay(Jitter(options.RetryPeriod), time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Renews every RetryPeriod; returns when a renewal has not succeeded for RenewDeadline, or on cancellation.</summary>
    private async Task RenewAsync(Task leading, CancellationToken cancellationToken)
    {
        var lastRenew = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested && !leading.IsCompleted)
        {
            try
            {
                await Task.Delay(options.RetryPeriod, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                lastRenew = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastRenew) >= options.RenewDeadline)
            {
                LogLost(logger, options.Identity, options.LeaseName);
                return;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime.ToString(MicroTime, CultureInfo.InvariantCulture);
        try
        {
            JsonObject lease;
            try
            {
                lease = await client.GetAsync(Leases, options.LeaseNamespace, options.LeaseName, cancellationToken);
            }
            catch (ApiException ex) when (ex.IsNotFound)
            {
                var created = await client.CreateAsync(Leases, options.LeaseNamespace, NewLease(now), cancellationToken);
                Observe(created);
                return true;
            }

            var spec = lease["spec"] as JsonObject ?? [];
            var holder = spec["holderIdentity"]?.GetValue<string>() ?? "";
            Observe(lease);
            var durationSeconds = spec["leaseDurationSeconds"]?.GetValue<int>() ?? (int)options.LeaseDuration.TotalSeconds;
            var expired = time.GetElapsedTime(_observedAt) > TimeSpan.FromSeconds(durationSeconds);
            if (holder.Length > 0 && holder != options.Identity && !expired)
            {
                return false;
            }

            if (holder != options.Identity)
            {
                spec["acquireTime"] = now;
                spec["leaseTransitions"] = (spec["leaseTransitions"]?.GetValue<int>() ?? 0) + 1;
            }

            spec["holderIdentity"] = options.Identity;
            spec["leaseDurationSeconds"] = (int)options.LeaseDuration.TotalSeconds;
            spec["renewTime"] = now;
            lease["spec"] = spec;
            // The resourceVersion we read stays in metadata: the update fails with 409 if anyone wrote in between.
            var updated = await client.UpdateAsync(Leases, lease, cancellationToken);
            Observe(updated);
            return true;
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            return false; // someone else wrote first; look again next round
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // an unreachable server is a failed round, judged against the renew deadline
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogError(logger, options.LeaseName, ex);
            return false;
        }
    }

    private void Observe(JsonObject lease)
    {
        var spec = lease["spec"];
        var holder = spec?["holderIdentity"]?.GetValue<string>() ?? "";
        var record = $"{holder}|{spec?["renewTime"]}|{spec?["leaseDurationSeconds"]}|{spec?["leaseTransitions"]}";
        if (record != _observedRecord)
        {
            _observedRecord = record;
            _observedAt = time.GetTimestamp();
        }

        if (holder != _observedLeader)
        {
            _observedLeader = holder;
            if (holder.Length > 0)
            {
                options.OnNewLeader?.Invoke(holder);
            }
        }
    }

    private async Task ReleaseAsync()
    {
        // A short, independent deadline: the caller's token is already cancelled.
        using var timeout = new CancellationTokenSource(options.RenewDeadline);
        try
        {
            var lease = await client.GetAsync(Leases, options.LeaseNamespace, options.LeaseName, timeout.Token);
            if (lease["spec"] is not JsonObject spec || spec["holderIdentity"]?.GetValue<string>() != options.Identity)
            {
                return;
            }

            // As client-go: empty holder, 1 s duration, so the next candidate acquires on its next try.
            spec["holderIdentity"] = null;
            spec["leaseDurationSeconds"] = 1;
            spec["renewTime"] = time.GetUtcNow().UtcDateTime.ToString(MicroTime, CultureInfo.InvariantCulture);
            await client.UpdateAsync(Leases, lease, timeout.Token);
        }
#pragma warning disable CA1031 // best effort: the lease expires on its own anyway
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogError(logger, options.LeaseName, ex);
        }
    }

    private JsonObject NewLease(string now) => new()
    {
        ["kind"] = "Lease",
        ["apiVersion"] = "coordination.k8s.io/v1",
        ["metadata"] = new JsonObject { ["name"] = options.LeaseName, ["namespace"] = options.LeaseNamespace },
        ["spec"] = new JsonObject
        {
            ["holderIdentity"] = options.Identity,
            ["leaseDurationSeconds"] = (int)options.LeaseDuration.TotalSeconds,
            ["acquireTime"] = now,
            ["renewTime"] = now,
            ["leaseTransitions"] = 0,
        },
    };

    private static TimeSpan Jitter(TimeSpan delay) => delay * (1 + (Random.Shared.NextDouble() * 0.2));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} acquired lease {Lease}")]
    private static partial void LogAcquired(ILogger logger, string identity, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} failed to renew lease {Lease} within the renew deadline; stepping down")]
    private static partial void LogLost(ILogger logger, string identity, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} stopped leading {Lease}")]
    private static partial void LogStopped(ILogger logger, string identity, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lease {Lease}: request failed")]
    private static partial void LogError(ILogger logger, string lease, Exception error);
}
