using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Conversion;
using Kubesharp.Api.Objects;
using Kubesharp.Api.Patching;
using Kubesharp.ApiServer.Errors;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Registry;

public sealed partial class ResourceRegistry
{
    private static readonly ResourceType NamespaceType = BuiltInResources.All.First(r => r.Group.Length == 0 && r.Plural == "namespaces");

    /// <summary>Creates <paramref name="body"/> in <paramref name="ns"/>; returns it as stored (201).</summary>
    public async Task<JsonObject> CreateAsync(ResourceType type, string? ns, JsonObject body, WriteOptions options, CancellationToken cancellationToken) =>
        (await CreateWrittenAsync(type, ns, body, options, cancellationToken)).Object;

    /// <summary><see cref="CreateAsync"/>, with the stored bytes when the response can be written from them.</summary>
    internal async Task<WrittenObject> CreateWrittenAsync(ResourceType type, string? ns, JsonObject body, WriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        CheckTypeMeta(type, body);
        CheckNamespace(type, ns, body);
        // Defaults, validation and admission all work on the stored version's shape.
        body = VersionConversion.ToStorage(type, body);
        var metadata = ObjectMeta.Metadata(body);
        var name = ObjectMeta.Name(body);
        var requestedName = name ?? string.Empty;
        if (name is null && ObjectMeta.GenerateName(body) is { } generateName)
        {
            name = NameGenerator.Generate(generateName);
            metadata["name"] = name;
        }

        var strategy = _strategies.For(type);
        foreach (var field in new[] { "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink" })
        {
            metadata.Remove(field);
        }

        metadata["uid"] = ObjectUid.New();
        metadata["creationTimestamp"] = Now();
        metadata["generation"] = 1L;
        strategy.PrepareForCreate(body);
        if (options.FieldManager is { } manager)
        {
            body = RecordManagedFields(type, null, body, manager, null);
        }

        var causes = strategy.Validate(type, body);
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(type, name ?? "", causes);
        }

        var target = new ObjectRef(type, ns, name!);
        if (type.Namespaced)
        {
            await CheckNamespaceAcceptsAsync(target, cancellationToken);
        }

        foreach (var plugin in _admission)
        {
            await plugin.AdmitCreateAsync(new Admission.AdmissionRequest(type, ns, requestedName, body, options.DryRun), cancellationToken);
        }

        if (options.DryRun)
        {
            if (await Guard(target, () => _store.GetAsync(target.Key, cancellationToken)) is not null)
            {
                throw ApiErrors.AlreadyExists(type, target.Name);
            }

            return new WrittenObject(ForRead(type, body), null, 0);
        }

        KeyValue kv;
        int metadataEnd;
        using (var encoded = ObjectCodec.EncodePooled(body))
        {
            metadataEnd = encoded.MetadataEnd;
            kv = await Guard(target, () => _store.CreateAsync(target.Key, encoded.Memory, null, cancellationToken));
        }

        _lister.Written(kv);
        ObjectCodec.SetResourceVersion(body, kv.ModRevision);
        return Written(type, body, kv, metadataEnd);
    }

    /// <summary>
    /// The object as a read returns it; its encoding (the store's copy of the written bytes) only
    /// when that is the stored object itself.
    /// </summary>
    private static WrittenObject Written(ResourceType type, JsonObject stored, KeyValue kv, int metadataEnd)
    {
        var read = ForRead(type, stored);
        return new WrittenObject(read, type.Custom is null && ReferenceEquals(read, stored) && metadataEnd > 0 ? new EncodedObject(kv.Value, metadataEnd) : null, kv.ModRevision);
    }

    /// <summary>404 when the namespace is missing, 403 while it is being terminated, as upstream's NamespaceLifecycle admission.</summary>
    private async Task CheckNamespaceAcceptsAsync(ObjectRef target, CancellationToken cancellationToken)
    {
        var nsRef = new ObjectRef(NamespaceType, null, target.Namespace!);
        // From the watch-kept cache (a store read per create was a tenth of its cost); a namespace
        // the cache has not seen yet is looked up live, as upstream's NamespaceLifecycle does.
        var kv = await _lister.GetAsync(NamespaceType, null, nsRef.Name, cancellationToken)
            ?? await Guard(nsRef, () => _store.GetAsync(nsRef.Key, cancellationToken))
            ?? throw ApiErrors.NotFound(NamespaceType, target.Namespace!);
        // Parsed only when the name occurs at all: the stored JSON writes that key unescaped, so its
        // absence from the bytes means the namespace is not terminating (a parse per create otherwise).
        if (kv.Value.Span.IndexOf("\"deletionTimestamp\""u8) < 0)
        {
            return;
        }

        var ns = ObjectCodec.Decode(kv);
        if (ObjectMeta.DeletionTimestamp(ns) is not null)
        {
            throw ApiErrors.Forbidden(target.Type, target.Name, $"unable to create new content in namespace {target.Namespace} because it is being terminated");
        }
    }
}
