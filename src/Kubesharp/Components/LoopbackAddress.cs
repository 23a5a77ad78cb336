using System.Net;
using Kubesharp.Client.Processes;

namespace Kubesharp.Components;

/// <summary>
/// Puts an extra /32 address on the loopback interface with iproute2, as node-local DNS caches do:
/// pods reach it through their default route to the bridge, and the kernel accepts packets for any
/// of its own addresses whatever interface they arrive on. Removed again by <see cref="DisposeAsync"/>
/// only when this instance added it.
/// </summary>
internal sealed class LoopbackAddress : IAsyncDisposable
{
    private static readonly TimeSpan IpTimeout = TimeSpan.FromSeconds(10);
    private readonly IPAddress _address;
    private bool _added;

    private LoopbackAddress(IPAddress address) => _address = address;

    /// <summary>Adds the address; null with the reason when iproute2 refused (not root, no ip binary).</summary>
    public static async Task<(LoopbackAddress? Added, string? Error)> AddAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var result = new LoopbackAddress(address);
        var (code, error) = await IpAsync(["-4", "addr", "add", $"{address}/32", "dev", "lo"], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            return (null, error);
        }

        result._added = true;
        return (result, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_added)
        {
            _added = false;
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await IpAsync(["-4", "addr", "del", $"{_address}/32", "dev", "lo"], bounded.Token).ConfigureAwait(false);
        }
    }

    private static async Task<(int Code, string Error)> IpAsync(string[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            var result = await BoundedProcess.RunAsync(new ProcessRequest("ip", arguments, IpTimeout), cancellationToken).ConfigureAwait(false);
            return (result.ExitCode, result.Error.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "iproute2 'ip' not found: " + e.Message);
        }
        catch (TimeoutException)
        {
            return (-1, $"ip {string.Join(' ', arguments)} did not finish within {IpTimeout.TotalSeconds} s");
        }
    }
}
