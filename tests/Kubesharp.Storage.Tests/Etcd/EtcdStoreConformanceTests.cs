using Kubesharp.Storage.Tests.Conformance;

namespace Kubesharp.Storage.Tests.Etcd;

[Trait("Category", "Etcd")]
public sealed class EtcdStoreConformanceTests : StoreConformanceTests, IClassFixture<EtcdFixture>
{
    private readonly EtcdFixture _fixture;

    public EtcdStoreConformanceTests(EtcdFixture fixture) => _fixture = fixture;

    protected override Task<IStore> OpenStoreAsync(int watchBufferSize)
        => Stores.ConnectEtcdAsync(
            new EtcdStoreOptions(_fixture.Etcd.ClientUrls) { CompactInterval = TimeSpan.Zero, WatchBufferSize = watchBufferSize },
            cancellationToken: TestContext.Current.CancellationToken);
}
