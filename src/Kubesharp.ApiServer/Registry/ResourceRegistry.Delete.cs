using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Registry;

public sealed partial class ResourceRegistry
{
    /// <summary>
    /// Deletes the object, or, when finalizers (or the strategy) must run first, only marks it
    /// with deletionTimestamp; the update that removes the last finalizer deletes it then.
    /// </summary>
    public async Task<DeleteOutcome> DeleteAsync(ObjectRef target, DeleteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (options.PropagationPolicy is not (null or "Orphan" or "Background" or "Foreground"))
        {
            throw ApiErrors.Invalid(target.Type, target.Name, [new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{options.PropagationPolicy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"", "propagationPolicy")]);
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var kv = await Guard(target, () => _store.GetAsync(target.Key, cancellationToken))
                ?? throw ApiErrors.NotFound(target.Type, target.Name);
            var current = ObjectCodec.Decode(kv);
            CheckPreconditions(target, current, options);
            var marked = (JsonObject)current.DeepClone();
            // The strategy may add a finalizer of its own (CRDs' cleanup), so it runs first.
            var strategy = _strategies.For(target.Type);
            var deferred = strategy.PrepareForDelete(marked);
            var finalizers = ObjectMeta.Finalizers(marked).ToList();
            var extra = options.PropagationPolicy switch
            {
                "Foreground" => "foregroundDeletion",
                "Orphan" => "orphan",
                _ => null,
            };
            if (extra is not null && !finalizers.Contains(extra))
            {
                finalizers.Add(extra);
            }

            var grace = strategy is IGracefulDeletion graceful ? GracefulMark(graceful, current, marked, options) : GraceMark.None;
            try
            {
                if (grace == GraceMark.Pending)
                {
                    // Already terminating and this delete does not shorten it: nothing changes.
                    return new DeleteOutcome(ForRead(target.Type, current), false);
                }

                if (finalizers.Count > 0 || deferred || grace == GraceMark.Marked)
                {
                    ObjectMeta.SetFinalizers(marked, finalizers);
                    var meta = ObjectMeta.Metadata(marked);
                    meta["deletionTimestamp"] ??= Now();
                    meta["deletionGracePeriodSeconds"] ??= options.GracePeriodSeconds ?? 0;
                    if (JsonNode.DeepEquals(current, marked) || options.DryRun)
                    {
                        return new DeleteOutcome(ForRead(target.Type, marked), false);
                    }

                    var updated = await _store.UpdateAsync(target.Key, ObjectCodec.Encode(marked), kv.ModRevision, null, cancellationToken);
                    ObjectCodec.SetResourceVersion(marked, updated.ModRevision);
                    return new DeleteOutcome(ForRead(target.Type, marked), false);
                }

                if (!options.DryRun)
                {
                    await _store.DeleteAsync(target.Key, kv.ModRevision, cancellationToken);
                }

                return new DeleteOutcome(ForRead(target.Type, current), true);
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.Conflict)
            {
                // Changed since we read it: read again; the preconditions are checked against the new state.
            }
            catch (StoreException e)
            {
                throw ApiErrors.FromStore(e, target.Type, target.Name);
            }
        }

        throw ApiErrors.Modified(target.Type, target.Name);
    }

    /// <summary>Deletes every object of the collection the filter selects; returns them as a list.</summary>
    public async Task<JsonObject> DeleteCollectionAsync(ResourceType type, string? ns, ListOptions listOptions, DeleteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        var list = await ListAsync(type, ns, listOptions with { Limit = 0, Continue = null }, cancellationToken);
        var deleted = new JsonArray();
        foreach (var item in ((JsonArray)list["items"]!).OfType<JsonObject>())
        {
            var target = new ObjectRef(type, ObjectMeta.Namespace(item), ObjectMeta.Name(item) ?? "");
            try
            {
                var outcome = await DeleteAsync(target, options, cancellationToken);
                deleted.Add((JsonNode)outcome.Body);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted by someone else meanwhile: the goal is reached.
            }
        }

        list["items"] = deleted;
        return list;
    }

    /// <summary>
    /// Upstream's rest.BeforeDelete for kinds with a grace period: the first delete with a period
    /// above 0 sets deletionTimestamp to now + period; a later one may only shorten it (the
    /// timestamp moves by the difference); a period of 0 leaves the object to be deleted now
    /// (or marked, when finalizers hold it).
    /// </summary>
    private GraceMark GracefulMark(IGracefulDeletion strategy, JsonObject current, JsonObject marked, DeleteOptions options)
    {
        var meta = ObjectMeta.Metadata(marked);
        long period;
        DateTimeOffset deadline;
        if (ObjectMeta.DeletionTimestamp(current) is { } since)
        {
            var old = meta["deletionGracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var oldPeriod) ? oldPeriod : 0;
            if (options.GracePeriodSeconds is not { } requested || requested >= old)
            {
                return GraceMark.Pending;
            }

            period = Math.Max(requested, 0);
            deadline = DateTimeOffset.Parse(since, CultureInfo.InvariantCulture).AddSeconds(period - old);
        }
        else
        {
            period = strategy.GracePeriodSeconds(current, options.GracePeriodSeconds);
            deadline = _time.GetUtcNow().AddSeconds(period);
        }

        meta["deletionGracePeriodSeconds"] = period;
        if (period == 0)
        {
            // Deleted at once unless finalizers keep it; then it is marked as of now.
            meta.Remove("deletionTimestamp");
            return GraceMark.None;
        }

        meta["deletionTimestamp"] = Timestamp(deadline);
        return GraceMark.Marked;
    }

    private static void CheckPreconditions(ObjectRef target, JsonObject current, DeleteOptions options)
    {
        if (options.PreconditionUid is { } uid && uid != ObjectMeta.Uid(current))
        {
            throw ApiErrors.Conflict(target.Type, target.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(current)}");
        }

        if (options.PreconditionResourceVersion is { } rv && rv != ObjectMeta.ResourceVersion(current))
        {
            throw ApiErrors.Conflict(target.Type, target.Name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {ObjectMeta.ResourceVersion(current)}");
        }
    }
}
