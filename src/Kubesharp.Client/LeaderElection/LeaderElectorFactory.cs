using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Client.LeaderElection;

/// <summary>Creates leader electors.</summary>
public static class LeaderElectorFactory
{
    public static ILeaderElector Create(IApiClient client, LeaderElectionOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new LeaseLeaderElector(client, options, logger ?? NullLogger.Instance, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Runs <paramref name="lead"/> whenever this process holds the Lease <paramref name="options"/>
    /// names (again after each loss) until <paramref name="cancellationToken"/> fires — or, when
    /// <paramref name="elect"/> is false, simply runs it (a single replica needs no election).
    /// </summary>
    public static async Task RunWhileLeadingAsync(IApiClient client, LeaderElectionOptions options, bool elect, Func<CancellationToken, Task> lead, ILogger? logger, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (!elect)
        {
            await lead(cancellationToken);
            return;
        }

        var elector = Create(client, options, logger, time);
        while (!cancellationToken.IsCancellationRequested)
        {
            await elector.RunAsync(lead, cancellationToken);
        }
    }
}
