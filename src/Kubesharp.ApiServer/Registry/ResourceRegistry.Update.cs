using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Conversion;
using Kubesharp.Api.Objects;
using Kubesharp.Api.Patching;
using Kubesharp.Api.Validation;
using Kubesharp.ApiServer.Errors;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Registry;

public sealed partial class ResourceRegistry
{
    /// <summary>
    /// PUT: replaces the object (or only its status when <paramref name="subresource"/> is "status").
    /// With metadata.resourceVersion the write is conditional (409 Conflict when stale); without it
    /// the update is unconditional and retried over concurrent writers.
    /// </summary>
    public async Task<JsonObject> UpdateAsync(ObjectRef target, JsonObject body, string? subresource, WriteOptions options, CancellationToken cancellationToken) =>
        (await UpdateWrittenAsync(target, body, subresource, options, cancellationToken)).Object;

    /// <summary><see cref="UpdateAsync"/>, with the stored bytes when the response can be written from them.</summary>
    internal async Task<WrittenObject> UpdateWrittenAsync(ObjectRef target, JsonObject body, string? subresource, WriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(body);
        CheckTypeMeta(target.Type, body);
        var bodyName = ObjectMeta.Name(body);
        if (bodyName is not null && bodyName != target.Name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({target.Name})");
        }

        CheckNamespace(target.Type, target.Namespace, body);
        ObjectMeta.Metadata(body)["name"] = target.Name;
        long? expected = null;
        if (ObjectMeta.ResourceVersion(body) is { } rv)
        {
            expected = long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw ApiErrors.BadRequest($"metadata.resourceVersion: Invalid value: \"{rv}\": must be a number");
        }

        return await GuaranteedUpdateWrittenAsync(
            target,
            expected,
            current =>
            {
                if (current is null)
                {
                    throw ApiErrors.NotFound(target.Type, target.Name);
                }

                return (JsonObject)body.DeepClone();
            },
            subresource,
            options,
            cancellationToken);
    }

    /// <summary>
    /// Reads the object, asks <paramref name="transform"/> for the new one (null current: the object
    /// is missing, the transform may create it or throw), and writes it guarded by the revision it
    /// read; another writer in between makes it start over, as upstream's GuaranteedUpdate. With
    /// <paramref name="expectedRevision"/> a stale read is a 409 Conflict instead.
    /// </summary>
    public async Task<JsonObject> GuaranteedUpdateAsync(
        ObjectRef target,
        long? expectedRevision,
        Func<JsonObject?, JsonObject> transform,
        string? subresource,
        WriteOptions options,
        CancellationToken cancellationToken) =>
        (await GuaranteedUpdateWrittenAsync(target, expectedRevision, transform, subresource, options, cancellationToken)).Object;

    /// <summary><see cref="GuaranteedUpdateAsync"/>, with the stored bytes when the response can be written from them.</summary>
    internal async Task<WrittenObject> GuaranteedUpdateWrittenAsync(
        ObjectRef target,
        long? expectedRevision,
        Func<JsonObject?, JsonObject> transform,
        string? subresource,
        WriteOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(options);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var kv = await Guard(target, () => _store.GetAsync(target.Key, cancellationToken));
            if (kv is null)
            {
                var created = transform(null);
                return await CreateWrittenAsync(target.Type, target.Namespace, created, options, cancellationToken);
            }

            if (expectedRevision is { } want && want != kv.ModRevision)
            {
                throw ApiErrors.Modified(target.Type, target.Name);
            }

            var current = ObjectCodec.Decode(kv);
            // The transform sees (and returns) the object in the requested version; it is stored in the storage version.
            var view = VersionConversion.IsMultiVersion(target.Type) ? ForRead(target.Type, (JsonObject)current.DeepClone()) : (JsonObject)current.DeepClone();
            var updated = transform(view);
            CheckTypeMeta(target.Type, updated);
            updated = VersionConversion.ToStorage(target.Type, updated);
            if (subresource == "status")
            {
                // /status writes only status; everything else stays as stored.
                updated = WithStatusFrom(current, updated);
            }

            PrepareUpdate(target, current, updated, subresource);
            if (subresource is null)
            {
                foreach (var plugin in _admission)
                {
                    await plugin.AdmitUpdateAsync(new Admission.AdmissionRequest(target.Type, target.Namespace, target.Name, updated, options.DryRun), cancellationToken);
                }
            }

            if (options.FieldManager is { } manager)
            {
                updated = RecordManagedFields(target.Type, current, updated, manager, subresource);
            }

            try
            {
                return await CommitUpdateAsync(target, kv.ModRevision, current, updated, options.DryRun, cancellationToken);
            }
            catch (StoreException e) when (e.Code is StoreErrorCode.Conflict or StoreErrorCode.KeyNotFound && expectedRevision is null)
            {
                // Another writer won; read again and reapply.
            }
            catch (StoreException e)
            {
                throw ApiErrors.FromStore(e, target.Type, target.Name);
            }
        }

        throw ApiErrors.Modified(target.Type, target.Name);
    }

    private static JsonObject WithoutMetadata(JsonObject obj) =>
        new([.. obj.Where(p => p.Key != "metadata").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))]);

    private static JsonObject WithStatusFrom(JsonObject current, JsonObject body)
    {
        var updated = (JsonObject)current.DeepClone();
        updated["status"] = body["status"]?.DeepClone();
        return updated;
    }

    /// <summary>Keeps what clients may not change and bumps generation when the spec changed.</summary>
    private void PrepareUpdate(ObjectRef target, JsonObject current, JsonObject updated, string? subresource)
    {
        var strategy = _strategies.For(target.Type);
        var meta = ObjectMeta.Metadata(updated);
        var old = ObjectMeta.Metadata(current);
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "name", "namespace" })
        {
            if (old[field] is { } value)
            {
                meta[field] = value.DeepClone();
            }
            else
            {
                meta.Remove(field);
            }
        }

        if (subresource is null && strategy.HasStatusSubresource)
        {
            updated["status"] = current["status"]?.DeepClone();
            if (updated["status"] is null)
            {
                updated.Remove("status");
            }
        }

        if (subresource is null)
        {
            strategy.PrepareForUpdate(updated, current);
        }

        var generation = Math.Max(ObjectMeta.Generation(current), 1);
        // Custom resources without a status subresource count any change outside metadata, as upstream.
        var same = target.Type.Custom is { HasStatus: false }
            ? JsonNode.DeepEquals(WithoutMetadata(current), WithoutMetadata(updated))
            : SameOutsideMetadataAndStatus(current, updated);
        meta["generation"] = same ? generation : generation + 1;
        meta["resourceVersion"] = old["resourceVersion"]?.DeepClone();
        var causes = strategy.ValidateUpdate(target.Type, updated, current)
            .Concat(ObjectMetaValidator.ValidateUpdate(meta, old).Select(e => new StatusCause(e.Reason, e.Body, e.Field)))
            .DistinctBy(c => (c.Field, c.Message))
            .ToList();
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(target.Type, target.Name, causes);
        }
    }

    /// <summary>
    /// Writes the update unless nothing changed; an object being deleted whose last finalizer is
    /// gone is deleted instead, as upstream does.
    /// </summary>
    private async Task<WrittenObject> CommitUpdateAsync(ObjectRef target, long revision, JsonObject current, JsonObject updated, bool dryRun, CancellationToken cancellationToken)
    {
        ObjectCodec.SetResourceVersion(updated, revision);
        if (JsonNode.DeepEquals(current, updated))
        {
            return new WrittenObject(ForRead(target.Type, current), null, revision);
        }

        // A graceful delete still counting down (period above 0) is finished by its own delete, not here.
        var finishing = ObjectMeta.DeletionTimestamp(updated) is not null && ObjectMeta.Finalizers(updated).Count == 0
            && !(updated["metadata"]?["deletionGracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var period) && period > 0)
            && !_strategies.For(target.Type).PrepareForDelete((JsonObject)updated.DeepClone());
        if (dryRun)
        {
            return new WrittenObject(ForRead(target.Type, updated), null, revision);
        }

        if (finishing)
        {
            _lister.Deleted(target.Key, (await _store.DeleteAsync(target.Key, revision, cancellationToken)).Revision);
            return new WrittenObject(ForRead(target.Type, updated), null, revision);
        }

        KeyValue kv;
        int metadataEnd;
        using (var encoded = ObjectCodec.EncodePooled(updated))
        {
            metadataEnd = encoded.MetadataEnd;
            kv = await _store.UpdateAsync(target.Key, encoded.Memory, revision, null, cancellationToken);
        }

        _lister.Written(kv);
        ObjectCodec.SetResourceVersion(updated, kv.ModRevision);
        return Written(target.Type, updated, kv, metadataEnd);
    }
}
