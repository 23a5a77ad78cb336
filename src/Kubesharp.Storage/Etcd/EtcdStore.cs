using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Etcd;

// Placeholder until the etcd backend lands.
internal sealed class EtcdStore
{
    public static Task<IStore> ConnectAsync(EtcdStoreOptions options, ILogger<EtcdStore> logger, CancellationToken cancellationToken)
        => throw new NotSupportedException("The etcd backend is not built yet.");
}
