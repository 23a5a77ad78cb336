using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Quotas;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Admission;

/// <summary>
/// upstream's ResourceQuota admission: a create that would take a quota of its namespace past
/// status.hard is refused (403 "exceeded quota: …"), as is a pod without requests/limits for a
/// constrained compute resource ("failed quota: …: must specify …"). What it is allowed is charged
/// to status.used at once, written only if no other write came in between, so two concurrent
/// creates cannot both take the last unit. Quotas the controller has not yet reported on
/// (no status.hard) constrain nothing, as upstream.
/// </summary>
internal sealed class ResourceQuotaAdmission(IStore store, CachedAdmissionLister lister) : IAdmissionPlugin
{
    private const int MaxAttempts = 16;
    private static readonly string[] ContainerFields = ["containers", "initContainers"];
    private static readonly ResourceType Quotas = BuiltInResources.Get("", "resourcequotas");
    private static readonly string[] ComputeResources = ["cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory"];

    public async Task AdmitCreateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (!request.Type.Namespaced || request.Namespace is null)
        {
            return;
        }

        Dictionary<string, decimal>? usage = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            // The first try reads the cache; after a conflict the cache may be behind, so the store answers.
            var quotas = await (attempt == 0 ? lister : lister.Direct).ListAsync(Quotas, request.Namespace, cancellationToken);
            if (quotas.Count == 0)
            {
                return; // most namespaces have no quota: the object's usage is not even computed
            }

            usage ??= QuotaUsage.Of(request.Type, request.Body).Where(p => p.Value != 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var charged = new List<(KeyValue Stored, JsonObject Quota)>();
            foreach (var kv in quotas)
            {
                var quota = ObjectCodec.Decode(kv);
                if (Charge(request, quota, usage))
                {
                    charged.Add((kv, quota));
                }
            }

            if (request.DryRun || charged.Count == 0)
            {
                return;
            }

            try
            {
                foreach (var (stored, quota) in charged)
                {
                    lister.Written(await store.UpdateAsync(stored.Key, ObjectCodec.Encode(quota), stored.ModRevision, null, cancellationToken));
                }

                return;
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.Conflict)
            {
                // Another create (or the controller) wrote a quota meanwhile: evaluate again on what it wrote.
            }
        }

        throw new ApiException(504, "Timeout", "resource quota evaluation timed out");
    }

    /// <summary>Checks <paramref name="usage"/> against one quota and adds it to the quota's status.used; false when the quota is not concerned.</summary>
    private static bool Charge(AdmissionRequest request, JsonObject quota, Dictionary<string, decimal> usage)
    {
        var name = (quota["metadata"]?["name"] as JsonValue)?.ToString() ?? string.Empty;
        var status = quota["status"] as JsonObject;
        var hardNode = status?["hard"] as JsonObject;
        var hard = QuotaStatus.Read(hardNode);
        var restricted = hard.Keys.Where(k => QuotaUsage.Covers(request.Type, k)).Order(StringComparer.Ordinal).ToList();
        if (restricted.Count == 0 || !QuotaScopes.Covers(quota, request.Type, request.Body))
        {
            return false; // nothing it limits, or a scoped quota whose scopes leave this object out
        }

        if (request.Type.Group.Length == 0 && request.Type.Plural == "pods" && QuotaUsage.IsLivePod(request.Body) && MissingCompute(request.Body, restricted) is { } missing)
        {
            throw AdmissionErrors.Forbidden(request, $"failed quota: {name}: must specify {missing}");
        }

        var usedNode = status?["used"] as JsonObject;
        if (restricted.Any(r => usedNode?[r] is null))
        {
            throw AdmissionErrors.Forbidden(request, $"status unknown for quota: {name}, resources: {string.Join(",", restricted)}");
        }

        var requested = usage.Where(p => hard.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (requested.Count == 0)
        {
            return false;
        }

        var used = QuotaStatus.Read(usedNode);
        var exceeded = requested.Keys.Where(k => used.GetValueOrDefault(k) + requested[k] > hard[k]).ToHashSet(StringComparer.Ordinal);
        if (exceeded.Count > 0)
        {
            throw AdmissionErrors.Forbidden(request, string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                "exceeded quota: {0}, requested: {1}, used: {2}, limited: {3}",
                name,
                QuotaStatus.Pretty(Mask(requested, exceeded), hardNode),
                QuotaStatus.Pretty(Mask(used, exceeded), hardNode),
                QuotaStatus.Pretty(Mask(hard, exceeded), hardNode)));
        }

        foreach (var (resource, value) in requested)
        {
            used[resource] = used.GetValueOrDefault(resource) + value;
        }

        var written = QuotaStatus.Write(used, hardNode);
        foreach (var (resource, value) in usedNode ?? [])
        {
            written[resource] ??= value?.DeepClone(); // entries that did not parse stay as they were
        }

        status!["used"] = written;
        return true;
    }

    private static Dictionary<string, decimal> Mask(Dictionary<string, decimal> values, HashSet<string> keys) =>
        keys.ToDictionary(k => k, k => values.GetValueOrDefault(k), StringComparer.Ordinal);

    /// <summary>upstream's pod Constraints: with cpu/memory quota'd, every container must state them (<c>limits.cpu for: a,b</c>).</summary>
    private static string? MissingCompute(JsonObject pod, IReadOnlyList<string> restricted)
    {
        var required = restricted.Intersect(ComputeResources, StringComparer.Ordinal).ToList();
        if (required.Count == 0)
        {
            return null;
        }

        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var container in ContainerFields.SelectMany(f => (pod["spec"]?[f] as JsonArray ?? []).OfType<JsonObject>()))
        {
            var stated = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (resource, _) in PodResources.Read(container["resources"]?["requests"]))
            {
                stated.Add(resource);
                stated.Add("requests." + resource);
            }

            foreach (var (resource, _) in PodResources.Read(container["resources"]?["limits"]))
            {
                stated.Add("limits." + resource);
            }

            foreach (var resource in required.Where(r => !stated.Contains(r)))
            {
                if (!missing.TryGetValue(resource, out var names))
                {
                    names = new SortedSet<string>(StringComparer.Ordinal);
                    missing[resource] = names;
                }

                names.Add((container["name"] as JsonValue)?.ToString() ?? string.Empty);
            }
        }

        if (missing.Count == 0)
        {
            return null;
        }

        var parts = missing.Select(m => $"{m.Key} for: {string.Join(",", m.Value)}").ToList();
        return parts.Count == 1 ? parts[0] : $"[{string.Join(", ", parts)}]";
    }
}
