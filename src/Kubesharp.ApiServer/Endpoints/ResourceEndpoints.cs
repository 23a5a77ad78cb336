using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Kubesharp.ApiServer.Watch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// The resource routes: /api/v1/... and /apis/{group}/{version}/... with at least one segment after
/// the version (the bare group/version paths are discovery's). Every verb of every resource goes
/// through the one registry.
/// </summary>
internal sealed class ResourceEndpoints
{
    private readonly IResourceCatalog _catalog;
    private readonly ResourceRegistry _registry;
    private readonly WatchCaches _watchCaches;
    private readonly long _maxBodyBytes;
    private readonly TimeSpan _bookmarkInterval;
    private readonly Dictionary<string, ISubresourceHandler> _subresources;

    public ResourceEndpoints(IResourceCatalog catalog, ResourceRegistry registry, WatchCaches watchCaches, long maxBodyBytes, TimeSpan bookmarkInterval, ServiceAccounts.TokenRequests tokenRequests, KubeletForwarder kubeletForwarder)
    {
        var kubelets = new KubeletLocation(registry, catalog);
        _bookmarkInterval = bookmarkInterval;
        _catalog = catalog;
        _registry = registry;
        _watchCaches = watchCaches;
        _maxBodyBytes = maxBodyBytes;
        _subresources = new Dictionary<string, ISubresourceHandler>(StringComparer.Ordinal)
        {
            ["scale"] = new ScaleHandler(new Scales(registry), maxBodyBytes),
            ["binding"] = new BindingHandler(new PodBinding(registry), maxBodyBytes),
            ["eviction"] = new EvictionHandler(new PodEviction(registry), maxBodyBytes),
            ["token"] = new TokenRequestHandler(tokenRequests, maxBodyBytes),
            ["log"] = new PodLogHandler(registry, kubelets, kubeletForwarder),
            ["exec"] = new PodStreamHandler(StreamKind.Exec, registry, kubelets, kubeletForwarder),
            ["attach"] = new PodStreamHandler(StreamKind.Attach, registry, kubelets, kubeletForwarder),
            ["portforward"] = new PodStreamHandler(StreamKind.PortForward, registry, kubelets, kubeletForwarder),
            ["proxy"] = new NodeProxyHandler(kubelets, kubeletForwarder),
        };
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.Map("/api/v1/{first}/{**rest}", context =>
            HandleAsync(context, "", "v1", Rest(context)));
        routes.Map("/apis/{group}/{version}/{first}/{**rest}", context =>
            HandleAsync(context, (string)context.Request.RouteValues["group"]!, (string)context.Request.RouteValues["version"]!, Rest(context)));
    }

    private static string Rest(HttpContext context)
    {
        var first = (string)context.Request.RouteValues["first"]!;
        return context.Request.RouteValues["rest"] is string { Length: > 0 } rest ? first + "/" + rest : first;
    }

    private Task HandleAsync(HttpContext context, string group, string version, string rest)
    {
        var path = ResourcePathParser.Parse(_catalog, group, version, rest);
        var method = context.Request.Method;
        if (path.LegacyWatch)
        {
            return method == HttpMethods.Get ? WatchAsync(context, path) : throw ApiErrors.MethodNotAllowed();
        }

        if (path.Name is null)
        {
            return method switch
            {
                _ when HttpMethods.IsGet(method) => QueryOptions.Flag(context.Request.Query, "watch") ? WatchAsync(context, path) : ListAsync(context, path),
                _ when HttpMethods.IsPost(method) => path.Type.Namespaced && path.Namespace is null ? throw ApiErrors.MethodNotAllowed() : CreateAsync(context, path),
                _ when HttpMethods.IsDelete(method) => DeleteCollectionAsync(context, path),
                _ => throw ApiErrors.MethodNotAllowed(),
            };
        }

        if (path.Subresource is not (null or "status"))
        {
            // The rest (token, ephemeralcontainers, ...) arrive with later issues.
            context.Items[NodeProxyHandler.ProxyPathKey] = path.ProxyPath;
            return _subresources.TryGetValue(path.Subresource, out var handler)
                ? handler.HandleAsync(context, Target(path), context.RequestAborted)
                : throw ApiErrors.ResourceNotFound();
        }

        return method switch
        {
            _ when HttpMethods.IsGet(method) => GetAsync(context, path),
            _ when HttpMethods.IsPut(method) => UpdateAsync(context, path),
            _ when HttpMethods.IsPatch(method) => PatchEndpoint.HandleAsync(context, _registry, Target(path), path.Subresource, _maxBodyBytes),
            _ when HttpMethods.IsDelete(method) && path.Subresource is null => DeleteAsync(context, path),
            _ => throw ApiErrors.MethodNotAllowed(),
        };
    }

    private static ObjectRef Target(ResourcePath path) => new(path.Type, path.Namespace, path.Name!);

    private async Task GetAsync(HttpContext context, ResourcePath path)
    {
        var obj = await _registry.GetAsync(Target(path), context.RequestAborted);
        await WriteObjectAsync(context, path.Type, StatusCodes.Status200OK, obj);
    }

    private async Task ListAsync(HttpContext context, ResourcePath path)
    {
        WatchListOptions.ForList(context.Request.Query);
        var options = QueryOptions.List(path.Type, context.Request.Query);
        var table = Responses.WantsTable(context);
        if (!table && await _registry.TryListStoredAsync(path.Type, path.Namespace, options, context.RequestAborted) is { } stored)
        {
            await StoredListWriter.WriteAsync(context, stored);
            return;
        }

        var list = await _registry.ListAsync(path.Type, path.Namespace, options, context.RequestAborted);
        if (table)
        {
            await Responses.WriteAsync(context, StatusCodes.Status200OK, TableOutput.FromList(path.Type, list, context.Request.Query["includeObject"]));
            return;
        }

        await Responses.WriteAsync(context, StatusCodes.Status200OK, list);
    }

    private async Task CreateAsync(HttpContext context, ResourcePath path)
    {
        var body = await RequestBody.ReadObjectAsync(context, _maxBodyBytes)
            ?? throw ApiErrors.BadRequest("the request body is empty");
        FieldValidation.Check(context, path.Type, body);
        var created = await _registry.CreateWrittenAsync(path.Type, path.Namespace, body, QueryOptions.Write(context), context.RequestAborted);
        await WriteWrittenAsync(context, path.Type, StatusCodes.Status201Created, created);
    }

    private async Task UpdateAsync(HttpContext context, ResourcePath path)
    {
        var body = await RequestBody.ReadObjectAsync(context, _maxBodyBytes)
            ?? throw ApiErrors.BadRequest("the request body is empty");
        FieldValidation.Check(context, path.Type, body);
        var updated = await _registry.UpdateWrittenAsync(Target(path), body, path.Subresource, QueryOptions.Write(context), context.RequestAborted);
        await WriteWrittenAsync(context, path.Type, StatusCodes.Status200OK, updated);
    }

    private async Task DeleteAsync(HttpContext context, ResourcePath path)
    {
        var body = await RequestBody.ReadObjectAsync(context, _maxBodyBytes, optional: true);
        var options = QueryOptions.Delete(context.Request.Query, body);
        var target = Target(path);
        var outcome = await _registry.DeleteAsync(target, options, context.RequestAborted);
        if (outcome.Deleted && !_registry.StrategyFor(path.Type).ReturnDeletedObject)
        {
            await Responses.WriteAsync(context, StatusCodes.Status200OK, Responses.DeleteSuccess(target.Name, path.Type.Group, path.Type.Plural, ObjectMeta.Uid(outcome.Body)));
            return;
        }

        await WriteObjectAsync(context, path.Type, StatusCodes.Status200OK, outcome.Body);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourcePath path)
    {
        var body = await RequestBody.ReadObjectAsync(context, _maxBodyBytes, optional: true);
        var options = QueryOptions.Delete(context.Request.Query, body);
        var list = await _registry.DeleteCollectionAsync(path.Type, path.Namespace, QueryOptions.List(path.Type, context.Request.Query), options, context.RequestAborted);
        await Responses.WriteAsync(context, StatusCodes.Status200OK, list);
    }

    private async Task WatchAsync(HttpContext context, ResourcePath path)
    {
        var query = context.Request.Query;
        var filter = QueryOptions.Filter(path.Type, query);
        if (path.Name is not null)
        {
            // Legacy /watch/.../{name}: a watch of one object.
            filter = ObjectFilter.Parse(path.Type, query["labelSelector"], $"metadata.name={path.Name}" + (query["fieldSelector"].ToString() is { Length: > 0 } f ? "," + f : ""));
        }

        var rv = query["resourceVersion"].ToString();
        if (rv.Length > 0 && !long.TryParse(rv, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw ApiErrors.BadRequest($"resourceVersion: Invalid value: \"{rv}\": must be a number");
        }

        var sendInitialEvents = WatchListOptions.ForWatch(query);
        var bookmarks = QueryOptions.Flag(query, "allowWatchBookmarks");
        var timeoutSeconds = QueryOptions.Long(query, "timeoutSeconds");
        var table = Responses.WantsTable(context);
        string? includeObject = query["includeObject"];
        if (table)
        {
            TableOutput.IncludeObject(includeObject); // a bad value is a 400 before the stream starts
        }

        // Column definitions travel with the first event only, as upstream's watch encoder does.
        var headersSent = 0;
        var options = new WatchResponseOptions(
            timeoutSeconds is > 0 ? TimeSpan.FromSeconds(timeoutSeconds.Value) : TimeSpan.FromMinutes(30),
            bookmarks,
            path.Type.Kind,
            path.Type.ApiVersion)
        {
            BookmarkInterval = _bookmarkInterval,
            Transform = table
                ? obj => TableOutput.FromObject(path.Type, ResourceRegistry.ForRead(path.Type, obj), includeObject, Interlocked.Exchange(ref headersSent, 1) == 1)
                : path.Type.Custom is not null ? obj => ResourceRegistry.ForRead(path.Type, (JsonObject)obj.DeepClone()) : null,
        };
        var watch = new ResourceWatch(_registry, _watchCaches, new WatchRequest(path.Type, path.Namespace, filter, rv.Length == 0 ? null : rv)
        {
            SendInitialEvents = sendInitialEvents,
            InitialEventsEndBookmark = bookmarks,
        });
        // Watches end when the server stops, so shutdown does not wait for their timeouts.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        await WatchResponder.ServeAsync(context, watch, options, ended.Token);
    }

    private static Task WriteWrittenAsync(HttpContext context, ResourceType type, int status, WrittenObject written) =>
        Responses.WantsTable(context) ? WriteObjectAsync(context, type, status, written.Object) : Responses.WriteWrittenAsync(context, status, written);

    private static Task WriteObjectAsync(HttpContext context, ResourceType type, int status, JsonObject obj) =>
        Responses.WantsTable(context)
            ? Responses.WriteAsync(context, status, TableOutput.FromObject(type, obj, context.Request.Query["includeObject"]))
            : Responses.WriteAsync(context, status, obj);
}
