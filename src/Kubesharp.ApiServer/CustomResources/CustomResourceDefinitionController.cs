using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.CustomResources;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.CustomResources;

/// <summary>
/// Upstream's naming, establishing and finalizing controllers of the apiextensions server in one:
/// accepts a definition's names when nothing else in the group uses them, serves its versions
/// (catalogue → routes, discovery, OpenAPI) and then marks it Established; a deleted definition
/// loses its custom objects, then its finalizer, and then its endpoints. Fed by a watch of the
/// definitions with a periodic full pass, so reconciles are level-based.
/// </summary>
internal sealed partial class CustomResourceDefinitionController : IAsyncDisposable
{
    private readonly ResourceRegistry _registry;
    private readonly ResourceCatalog _catalog;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ResourceType _definitions = BuiltInResources.Get(CustomResourceDefinitions.Group, "customresourcedefinitions");
    private readonly ConcurrentDictionary<string, Served> _served = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public CustomResourceDefinitionController(ResourceRegistry registry, ResourceCatalog catalog, ILogger logger, TimeProvider? time = null)
    {
        _registry = registry;
        _catalog = catalog;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How often everything is looked at again even without events (terminating definitions wait on their objects).</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Serves the definitions already stored, then keeps following changes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SyncAllAsync(cancellationToken);
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>One full pass; returns the revision the list was read at.</summary>
    public async Task<long> SyncAllAsync(CancellationToken cancellationToken)
    {
        var list = await _registry.ListAsync(_definitions, null, new ListOptions(), cancellationToken);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var crd in ((JsonArray)list["items"]!).OfType<JsonObject>())
        {
            if (ObjectMeta.Name(crd) is { } name)
            {
                names.Add(name);
                await ReconcileAsync(name, cancellationToken);
            }
        }

        foreach (var gone in _served.Keys.Where(k => !names.Contains(k)).ToList())
        {
            Forget(gone);
        }

        return long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Brings one definition's serving and status in line with its spec.</summary>
    public async Task ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        JsonObject crd;
        try
        {
            crd = await _registry.GetAsync(new ObjectRef(_definitions, null, name), cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            Forget(name);
            return;
        }

        if (ObjectMeta.DeletionTimestamp(crd) is not null)
        {
            await CleanUpAsync(name, crd, cancellationToken);
            return;
        }

        var desired = (JsonObject)crd.DeepClone();
        if (desired["status"] is not JsonObject)
        {
            desired["status"] = new JsonObject();
        }

        var now = _time.GetUtcNow();
        var spec = desired["spec"] as JsonObject ?? [];
        if (NameConflict(name, spec) is { } conflict)
        {
            CrdConditions.Set(desired, "NamesAccepted", "False", conflict.Reason, conflict.Message, now);
            if (!CrdConditions.IsTrue(crd, "Established"))
            {
                CrdConditions.Set(desired, "Established", "False", "NotAccepted", "not all names are accepted", now);
            }
        }
        else
        {
            ((JsonObject)desired["status"]!)["acceptedNames"] = spec["names"]?.DeepClone();
            CrdConditions.Set(desired, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now);
            // Served before Established turns True, so a client that waited for it finds the endpoints.
            Serve(name, desired);
            CrdConditions.Set(desired, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now);
        }

        await WriteStatusAsync(name, crd, desired, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var revision = await SyncAllAsync(cancellationToken);
                using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                pass.CancelAfter(ResyncInterval);
                try
                {
                    await foreach (var change in _registry.Store.WatchAsync(_definitions.StorePrefix, revision + 1, pass.Token))
                    {
                        await ReconcileAsync(change.Current.Key[_definitions.StorePrefix.Length..], cancellationToken);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The pass is over: list everything again.
                }
            }
            catch (Exception e) when (e is ApiException or StoreException)
            {
                LogPassFailed(_logger, e.Message);
                await Task.Delay(ResyncInterval, cancellationToken);
            }
        }
    }

    /// <summary>Deletes every custom object of a terminating definition; once none is left, drops the finalizer.</summary>
    private async Task CleanUpAsync(string name, JsonObject crd, CancellationToken cancellationToken)
    {
        if (!ObjectMeta.Finalizers(crd).Contains(CustomResourceDefinitions.CleanupFinalizer))
        {
            return;
        }

        var type = CustomResourceDefinitions.ResourceTypes(crd) is [var first, ..] ? first : null;
        var remaining = 0;
        if (type is not null)
        {
            var list = await _registry.ListAsync(type, null, new ListOptions(), cancellationToken);
            foreach (var item in ((JsonArray)list["items"]!).OfType<JsonObject>())
            {
                remaining++;
                if (ObjectMeta.DeletionTimestamp(item) is null)
                {
                    try
                    {
                        await _registry.DeleteAsync(new ObjectRef(type, ObjectMeta.Namespace(item), ObjectMeta.Name(item)!), new DeleteOptions(), cancellationToken);
                    }
                    catch (ApiException e) when (e.Code is 404 or 409)
                    {
                        // Gone or changed meanwhile: the next pass looks again.
                    }
                }
            }

            var after = await _registry.ListAsync(type, null, new ListOptions(), cancellationToken);
            remaining = ((JsonArray)after["items"]!).Count;
        }

        var desired = (JsonObject)crd.DeepClone();
        CrdConditions.Set(desired, "Terminating", "True", "InstanceDeletionInProgress", remaining > 0 ? $"CustomResource deletion is in progress: {remaining} remaining" : "CustomResource deletion is in progress", _time.GetUtcNow());
        await WriteStatusAsync(name, crd, desired, cancellationToken);
        if (remaining > 0)
        {
            return;
        }

        await _registry.GuaranteedUpdateAsync(
            new ObjectRef(_definitions, null, name),
            null,
            current =>
            {
                if (current is null)
                {
                    throw ApiErrors.NotFound(_definitions, name);
                }

                ObjectMeta.SetFinalizers(current, ObjectMeta.Finalizers(current).Where(f => f != CustomResourceDefinitions.CleanupFinalizer));
                return current;
            },
            null,
            WriteOptions.None,
            cancellationToken);
        LogDefinitionRemoved(_logger, name);
    }

    private async Task WriteStatusAsync(string name, JsonObject current, JsonObject desired, CancellationToken cancellationToken)
    {
        if (JsonNode.DeepEquals(current["status"], desired["status"]))
        {
            return;
        }

        try
        {
            await _registry.GuaranteedUpdateAsync(
                new ObjectRef(_definitions, null, name),
                null,
                stored =>
                {
                    if (stored is null)
                    {
                        throw ApiErrors.NotFound(_definitions, name);
                    }

                    stored["status"] = desired["status"]!.DeepClone();
                    return stored;
                },
                "status",
                WriteOptions.None,
                cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Deleted meanwhile; the watch brings the removal.
        }
    }

    /// <summary>Upstream's naming controller: a name another resource of the group already has is refused.</summary>
    private (string Reason, string Message)? NameConflict(string name, JsonObject spec)
    {
        var group = CustomResourceDefinitions.Str(spec, "group");
        var names = spec["names"] as JsonObject;
        var others = _catalog.Resources.Where(r => r.Group == group && r.Custom?.DefinitionName != name).ToList();
        var plural = CustomResourceDefinitions.Str(names, "plural");
        var singular = CustomResourceDefinitions.Str(names, "singular");
        var kind = CustomResourceDefinitions.Str(names, "kind");
        if (others.Any(r => r.Plural == plural || r.Singular == plural))
        {
            return ("PluralConflict", $"\"{plural}\" is already in use");
        }

        if (others.Any(r => r.Plural == singular || r.Singular == singular))
        {
            return ("SingularConflict", $"\"{singular}\" is already in use");
        }

        if (CustomResourceDefinitions.Strings(names, "shortNames").FirstOrDefault(s => others.Any(r => r.ShortNames.Contains(s) || r.Plural == s)) is { } shortName)
        {
            return ("ShortNamesConflict", $"\"{shortName}\" is already in use");
        }

        return others.Any(r => r.Kind == kind) ? ("KindConflict", $"\"{kind}\" is already in use") : null;
    }

    private void Serve(string name, JsonObject crd)
    {
        var types = CustomResourceDefinitions.ResourceTypes(crd);
        var spec = (JsonObject)crd["spec"]!;
        var fingerprint = spec.ToJsonString() + crd["status"]?["acceptedNames"]?.ToJsonString();
        var group = CustomResourceDefinitions.Str(spec, "group") ?? "";
        var plural = types.Count > 0 ? types[0].Plural : CustomResourceDefinitions.Str(spec["names"] as JsonObject, "plural") ?? "";
        if (_served.TryGetValue(name, out var before) && before.Fingerprint == fingerprint)
        {
            return;
        }

        if (before is not null && (before.Group, before.Plural) != (group, plural))
        {
            _catalog.SetCustomGroupResources(before.Group, before.Plural, []);
        }

        _catalog.SetCustomGroupResources(group, plural, types);
        _served[name] = new Served(group, plural, fingerprint);
        LogDefinitionServed(_logger, name, types.Count);
    }

    private void Forget(string name)
    {
        if (_served.TryRemove(name, out var served))
        {
            _catalog.SetCustomGroupResources(served.Group, served.Plural, []);
            LogDefinitionUnserved(_logger, name);
        }
    }

    private sealed record Served(string Group, string Plural, string Fingerprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "serving custom resource {Name} in {Versions} version(s)")]
    private static partial void LogDefinitionServed(ILogger logger, string name, int versions);

    [LoggerMessage(Level = LogLevel.Information, Message = "no longer serving custom resource {Name}")]
    private static partial void LogDefinitionUnserved(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "custom objects of {Name} deleted; removing the definition")]
    private static partial void LogDefinitionRemoved(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "custom resource definition pass failed: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string reason);
}
