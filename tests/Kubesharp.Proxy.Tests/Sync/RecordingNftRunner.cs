using Kubesharp.Proxy.Nft;

namespace Kubesharp.Proxy.Tests.Sync;

/// <summary>Remembers every transaction; can be told to fail the next one.</summary>
internal sealed class RecordingNftRunner : INftRunner
{
    public List<string> Scripts { get; } = [];

    public bool FailNext { get; set; }

    public Task ApplyAsync(string script, CancellationToken cancellationToken)
    {
        Scripts.Add(script);
        if (FailNext)
        {
            FailNext = false;
            throw new NftException("refused");
        }

        return Task.CompletedTask;
    }

    public Task<string?> ListTableAsync(string table, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public void Dispose()
    {
        // nothing held
    }
}
