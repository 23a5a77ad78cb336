using Kubesharp.Testing.Etcd;

namespace Kubesharp.Storage.Tests.Etcd;

/// <summary>One single-member etcd shared by every test of a class; tests keep to their own prefixes.</summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private EtcdProcess? _etcd;

    public EtcdProcess Etcd => _etcd ?? throw new InvalidOperationException("etcd is not started.");

    public async ValueTask InitializeAsync() => _etcd = await EtcdProcess.StartAsync(1, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
    }
}
