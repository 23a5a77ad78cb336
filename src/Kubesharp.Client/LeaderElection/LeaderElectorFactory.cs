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
}
