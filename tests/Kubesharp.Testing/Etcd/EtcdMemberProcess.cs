using System.Diagnostics;

namespace Kubesharp.Testing.Etcd;

/// <summary>One running etcd member: its own process, ports and data directory.</summary>
public sealed class EtcdMemberProcess
{
    private readonly Process _process;

    internal EtcdMemberProcess(string name, Uri clientUrl, Uri peerUrl, string dataDirectory, Process process)
    {
        Name = name;
        ClientUrl = clientUrl;
        PeerUrl = peerUrl;
        DataDirectory = dataDirectory;
        _process = process;
    }

    public string Name { get; }

    public Uri ClientUrl { get; }

    public Uri PeerUrl { get; }

    public string DataDirectory { get; }

    public bool IsRunning => !_process.HasExited;

    /// <summary>Kills this member's own process (never anything found by name) and waits for it.</summary>
    public async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    internal void DisposeProcess() => _process.Dispose();
}
