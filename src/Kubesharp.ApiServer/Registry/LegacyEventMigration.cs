using Kubesharp.Api.Catalog;
using Kubesharp.Api.Conversion;
using Kubesharp.Api.Objects;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Before events.k8s.io/v1 shared core's storage, its Events were kept in their own shape under
/// <see cref="LegacyPrefix"/>, which nothing reads any more. Events carry no TTL here, so a data
/// directory from then would keep them invisible for ever: at start they are converted to core/v1
/// and moved under the Events' prefix (one that exists there already wins), then the old key goes.
/// Idempotent, and safe with several servers on one etcd (create-if-absent, delete-if-unchanged).
/// </summary>
internal static partial class LegacyEventMigration
{
    public const string LegacyPrefix = "/registry/events.k8s.io/events/";

    private static readonly ResourceType EventsV1 = BuiltInResources.Get("events.k8s.io", "events");
    private static readonly ResourceType CoreEvents = BuiltInResources.Get("", "events");

    /// <summary>Moves every legacy Event; returns how many were moved.</summary>
    public static async Task<int> RunAsync(IStore store, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var moved = 0;
        string? next = null;
        do
        {
            var page = await store.ListAsync(new ListRequest(LegacyPrefix, 500, next), cancellationToken);
            foreach (var kv in page.Items)
            {
                if (await MoveAsync(store, kv, logger, cancellationToken))
                {
                    moved++;
                }
            }

            next = page.Continue;
        }
        while (next is not null);

        if (moved > 0)
        {
            LogMoved(logger, moved);
        }

        return moved;
    }

    private static async Task<bool> MoveAsync(IStore store, KeyValue kv, ILogger logger, CancellationToken cancellationToken)
    {
        System.Text.Json.Nodes.JsonObject core;
        try
        {
            var stored = ObjectCodec.Decode(kv);
            stored["apiVersion"] = EventsV1.ApiVersion;
            core = VersionConversion.ToStorage(EventsV1, stored);
        }
        catch (System.Text.Json.JsonException)
        {
            LogUnreadable(logger, kv.Key);
            return false;
        }

        var ns = ObjectMeta.Namespace(core);
        var name = ObjectMeta.Name(core);
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(name))
        {
            LogUnreadable(logger, kv.Key);
            return false;
        }

        var created = true;
        try
        {
            await store.CreateAsync(new ObjectRef(CoreEvents, ns, name).Key, ObjectCodec.Encode(core), null, cancellationToken);
        }
        catch (StoreException e) when (e.Code == StoreErrorCode.KeyExists)
        {
            created = false;
        }

        try
        {
            await store.DeleteAsync(kv.Key, kv.ModRevision, cancellationToken);
        }
        catch (StoreException e) when (e.Code is StoreErrorCode.KeyNotFound or StoreErrorCode.Conflict)
        {
            // Another server moved it meanwhile.
        }

        return created;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "moved {Count} events.k8s.io Events from their old storage prefix to the Events' one")]
    private static partial void LogMoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "left {Key} where it is: not a readable Event")]
    private static partial void LogUnreadable(ILogger logger, string key);
}
