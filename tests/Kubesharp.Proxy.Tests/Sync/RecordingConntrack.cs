using Kubesharp.Proxy.Nft;

namespace Kubesharp.Proxy.Tests.Sync;

/// <summary>Remembers which UDP flows the engine asked to forget.</summary>
internal sealed class RecordingConntrack : IConntrack
{
    public List<(string, string)> Forgotten { get; } = [];

    public Task ForgetUdpAsync(string serviceIp, string endpointIp, CancellationToken cancellationToken)
    {
        Forgotten.Add((serviceIp, endpointIp));
        return Task.CompletedTask;
    }
}
