namespace Kubesharp.Api.Catalog;

/// <summary>The built-ins and whatever custom resources are installed; lookups are lock-free snapshots.</summary>
public sealed class ResourceCatalog : IResourceCatalog
{
    private readonly Lock _gate = new();
    private Snapshot _snapshot;

    public ResourceCatalog(IEnumerable<ResourceType> builtIns) => _snapshot = new Snapshot([.. builtIns]);

    public event EventHandler? Changed;

    public IReadOnlyList<ResourceType> Resources => _snapshot.Resources;

    public ResourceType? Find(string group, string version, string plural) =>
        _snapshot.ByPath.GetValueOrDefault((group, version, plural));

    /// <summary>Replaces every resource of one group (a CRD's versions) with <paramref name="resources"/>.</summary>
    public void SetCustomGroupResources(string group, string plural, IReadOnlyList<ResourceType> resources)
    {
        lock (_gate)
        {
            var kept = _snapshot.Resources.Where(r => !(r.Group == group && r.Plural == plural));
            _snapshot = new Snapshot([.. kept, .. resources]);
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    private sealed class Snapshot
    {
        public Snapshot(ResourceType[] resources)
        {
            Resources = resources;
            ByPath = resources.ToDictionary(r => (r.Group, r.Version, r.Plural));
        }

        public IReadOnlyList<ResourceType> Resources { get; }

        public Dictionary<(string Group, string Version, string Plural), ResourceType> ByPath { get; }
    }
}
