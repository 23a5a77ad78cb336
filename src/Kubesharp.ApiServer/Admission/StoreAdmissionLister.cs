using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Registry;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Admission;

/// <summary>Admission reads straight from the store: always current, one store read per call.</summary>
internal sealed class StoreAdmissionLister(IStore store) : IAdmissionLister
{
    public async ValueTask<IReadOnlyList<KeyValue>> ListAsync(ResourceType type, string? ns, CancellationToken cancellationToken)
    {
        var items = new List<KeyValue>();
        string? next = null;
        do
        {
            var page = await store.ListAsync(new ListRequest(ResourceRegistry.CollectionPrefix(type, ns), 0, next), cancellationToken);
            items.AddRange(page.Items);
            next = page.Continue;
        }
        while (next is not null);

        return items;
    }

    public ValueTask<KeyValue?> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken) =>
        store.GetAsync(new ObjectRef(type, ns, name).Key, cancellationToken);
}
