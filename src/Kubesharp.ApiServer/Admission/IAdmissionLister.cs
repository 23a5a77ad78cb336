using Kubesharp.Api.Catalog;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Admission;

/// <summary>
/// The reads admission plugins make of other objects (quotas, limit ranges, priority classes):
/// stored values with their revisions, of one namespace (null: cluster-scoped or all).
/// </summary>
internal interface IAdmissionLister
{
    ValueTask<IReadOnlyList<KeyValue>> ListAsync(ResourceType type, string? ns, CancellationToken cancellationToken);

    ValueTask<KeyValue?> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken);
}
