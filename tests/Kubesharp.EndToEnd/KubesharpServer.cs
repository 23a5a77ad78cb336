using Kubesharp.Testing.Server;

namespace Kubesharp.EndToEnd;

/// <summary>The xunit fixture around the shared <see cref="KubesharpServerProcess"/>, with a kubectl bound to it.</summary>
public sealed class KubesharpServer : IAsyncLifetime
{
    private readonly KubesharpServerProcess _process = new();

    public string DataDirectory => _process.DataDirectory;

    public string KubeconfigPath => _process.KubeconfigPath;

    public int Port => _process.Port;

    public string Output => _process.Output;

    public Kubectl Kubectl => new(KubeconfigPath);

    public async ValueTask InitializeAsync() => await _process.StartAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
