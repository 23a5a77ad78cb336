using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Conversion;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// CRUD for every resource over the store, the same way for all kinds (upstream's
/// genericregistry.Store); per-kind rules come from <see cref="IResourceStrategy"/>.
/// Every method throws <see cref="ApiException"/> for what the client should see.
/// </summary>
public sealed partial class ResourceRegistry
{
    // Unconditional writes re-read and retry when another writer got in between (GuaranteedUpdate).
    private const int MaxAttempts = 16;

    private readonly IStore _store;
    private readonly ResourceStrategies _strategies;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<Admission.IAdmissionPlugin> _admission;

    // Admission's cached reads; every write below tells it, so a create right after a write sees it.
    private readonly Admission.CachedAdmissionLister _lister;

    public ResourceRegistry(IStore store, TimeProvider? time = null)
        : this(store, null, time)
    {
    }

    internal ResourceRegistry(IStore store, Services.ServiceAllocations? allocations, TimeProvider? time = null)
    {
        _store = store;
        _strategies = new ResourceStrategies(allocations);
        _time = time ?? TimeProvider.System;
        _lister = new Admission.CachedAdmissionLister(store);
        // Upstream's order: LimitRanger, Priority, then ResourceQuota (last, so it charges what the others settled).
        _admission = [new Admission.LimitRanger(_lister), new Admission.PriorityAdmission(_lister), new Admission.ResourceQuotaAdmission(store, _lister)];
    }

    public IStore Store => _store;

    public IResourceStrategy StrategyFor(ResourceType type) => _strategies.For(type);

    public async Task<JsonObject> GetAsync(ObjectRef target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var kv = await Guard(target, () => _store.GetAsync(target.Key, cancellationToken));
        return kv is null ? throw ApiErrors.NotFound(target.Type, target.Name) : ForRead(target.Type, ObjectCodec.Decode(kv));
    }

    /// <summary>The store prefix of a collection: one namespace, or all of them when <paramref name="ns"/> is null.</summary>
    public static string CollectionPrefix(ResourceType type, string? ns)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Namespaced && ns is not null ? $"{type.StorePrefix}{ns}/" : type.StorePrefix;
    }

    public async Task<JsonObject> ListAsync(ResourceType type, string? ns, ListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var items = new JsonArray();
        var page = await CollectAsync(type, ns, options, kv =>
        {
            var obj = ForRead(type, ObjectCodec.Decode(kv));
            if (!options.Filter.Matches(obj))
            {
                return false;
            }

            items.Add((JsonNode)obj);
            return true;
        }, cancellationToken);
        var metadata = new JsonObject { ["resourceVersion"] = page.Revision.ToString(CultureInfo.InvariantCulture) };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
            if (page.RemainingCount is { } remaining)
            {
                metadata["remainingItemCount"] = remaining;
            }
        }

        return new JsonObject
        {
            ["kind"] = type.Kind + "List",
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = items,
        };
    }

    /// <summary>
    /// The list as stored values, for kinds whose stored bytes are what a read returns (no
    /// conversion, no schema defaults) and an unfiltered list: it is written without parsing the
    /// items, which was most of a large list's time. Null when those conditions do not hold.
    /// </summary>
    public async Task<StoredList?> TryListStoredAsync(ResourceType type, string? ns, ListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        if (type.Custom is not null || VersionConversion.IsMultiVersion(type) || !options.Filter.IsEverything)
        {
            return null;
        }

        var items = new List<KeyValue>();
        var page = await CollectAsync(type, ns, options, kv =>
        {
            items.Add(kv);
            return true;
        }, cancellationToken);
        return page with { Items = items };
    }

    /// <summary>
    /// Reads store pages until <paramref name="take"/> has accepted options.Limit items (all of
    /// them without a limit); returns the listing's revision, continue token and remaining count.
    /// </summary>
    private async Task<StoredList> CollectAsync(ResourceType type, string? ns, ListOptions options, Func<KeyValue, bool> take, CancellationToken cancellationToken)
    {
        var prefix = CollectionPrefix(type, ns);
        var revision = ListRevision(options);
        string? next = options.Continue;
        long listRevision;
        long remaining;
        var taken = 0L;
        var first = true;
        while (true)
        {
            // With a filter, each page asks only for what is still missing so a page never has to be split.
            var want = options.Limit > 0 ? options.Limit - taken : 0;
            ListResult page;
            try
            {
                page = await _store.ListAsync(new ListRequest(prefix, want, next, first && next is null ? revision : 0), cancellationToken);
            }
            catch (ArgumentException) when (next is not null)
            {
                throw ApiErrors.BadRequest("continue key is not valid: the continue token is malformed; start the listing again without it");
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.Compacted)
            {
                throw next is not null
                    ? ApiErrors.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
                    : ApiErrors.Expired($"too old resource version: {revision} ({e.CompactRevision})");
            }
            catch (StoreException e)
            {
                throw ApiErrors.FromStore(e, type, null);
            }

            first = false;
            foreach (var kv in page.Items)
            {
                if (take(kv))
                {
                    taken++;
                }
            }

            listRevision = page.Revision;
            remaining = page.RemainingCount;
            next = page.Continue;
            if (next is null || (options.Limit > 0 && taken >= options.Limit) || options.Limit == 0)
            {
                break;
            }
        }

        var kind = type.Kind + "List";
        return new StoredList(kind, type.ApiVersion, listRevision, next, next is not null && options.Filter.IsEverything ? remaining : null, []);
    }

    /// <summary>
    /// Which revision a list reads: the newest unless resourceVersionMatch=Exact (or the legacy
    /// form, a resourceVersion with a limit) asks for a past one.
    /// </summary>
    private long ListRevision(ListOptions options)
    {
        if (string.IsNullOrEmpty(options.ResourceVersion))
        {
            return 0;
        }

        if (!long.TryParse(options.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
        {
            throw ApiErrors.BadRequest($"Invalid value: \"{options.ResourceVersion}\": resourceVersion must be a number");
        }

        var exact = options.ResourceVersionMatch == "Exact" || (options.ResourceVersionMatch is null && rv > 0 && options.Limit > 0);
        if (options.ResourceVersionMatch is not (null or "" or "Exact" or "NotOlderThan"))
        {
            throw ApiErrors.BadRequest($"resourceVersionMatch: Unsupported value: \"{options.ResourceVersionMatch}\": supported values: \"Exact\", \"NotOlderThan\"");
        }

        if (exact && rv > _store.CurrentRevision)
        {
            throw new ApiException(504, "Timeout", $"Too large resource version: {rv}, current: {_store.CurrentRevision}");
        }

        return exact && rv > 0 ? rv : 0;
    }

    /// <summary>
    /// A stored object as a read returns it: in the requested version (built-ins stored in another
    /// version are converted), custom objects with the current schema defaults.
    /// </summary>
    internal static JsonObject ForRead(ResourceType type, JsonObject obj) =>
        type.Custom is null ? VersionConversion.FromStorage(type, obj) : CustomResources.CustomResourceStrategy.ForRead(type, obj);

    private static async Task<T> Guard<T>(ObjectRef target, Func<ValueTask<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StoreException e)
        {
            throw ApiErrors.FromStore(e, target.Type, target.Name);
        }
    }

    private string Now() => Timestamp(_time.GetUtcNow());

    private static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool SameOutsideMetadataAndStatus(JsonObject a, JsonObject b)
    {
        var left = a.Where(p => p.Key is not ("metadata" or "status")).ToDictionary(p => p.Key, p => p.Value);
        var right = b.Where(p => p.Key is not ("metadata" or "status")).ToDictionary(p => p.Key, p => p.Value);
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var v) && JsonNode.DeepEquals(p.Value, v));
    }

    /// <summary>400 when the body's apiVersion/kind are not the URL's; fills them in when missing.</summary>
    private static void CheckTypeMeta(ResourceType type, JsonObject body)
    {
        var kind = body["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : null;
        var apiVersion = body["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var avs) ? avs : null;
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        // Versions of one group share objects (autoscaling v1/v2); another group is always wrong.
        var written = type.ApiVersion;
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion)
        {
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
            if (group != type.Group)
            {
                throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
            }

            // A body in another served version of a converted kind keeps it, so it is converted from its own shape.
            if (VersionConversion.IsMultiVersion(type))
            {
                written = apiVersion;
            }
        }

        // kind and apiVersion lead, as upstream serializes them.
        body.Remove("kind");
        body.Remove("apiVersion");
        body.Insert(0, "kind", type.Kind);
        body.Insert(1, "apiVersion", written);
    }

    /// <summary>400 when the body's namespace is not the URL's; sets it when missing (removes it when cluster-scoped).</summary>
    private static void CheckNamespace(ResourceType type, string? ns, JsonObject body)
    {
        var bodyNs = ObjectMeta.Namespace(body);
        if (!type.Namespaced)
        {
            ObjectMeta.SetString(body, "namespace", null);
            return;
        }

        if (bodyNs is not null && bodyNs != ns)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        ObjectMeta.SetString(body, "namespace", ns);
    }
}
