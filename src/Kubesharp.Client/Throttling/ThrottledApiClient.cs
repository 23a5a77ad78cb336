using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Client.WorkQueues;

namespace Kubesharp.Client.Throttling;

/// <summary>
/// A client whose calls first take a token (when a rate is set) and a slot among the requests in
/// flight (when a cap is set), waiting in order; watches pass straight through.
/// </summary>
internal sealed class ThrottledApiClient : IApiClient
{
    private readonly IApiClient _inner;
    private readonly TimeProvider _time;
    private readonly TokenBucketRateLimiter? _rate;
    private readonly SemaphoreSlim? _inFlight;

    public ThrottledApiClient(IApiClient inner, ClientThrottle throttle, TimeProvider time)
    {
        _inner = inner;
        _time = time;
        _rate = throttle.Qps > 0 ? new TokenBucketRateLimiter(throttle.Qps, throttle.Burst, time) : null;
        _inFlight = throttle.MaxInFlight > 0 ? new SemaphoreSlim(throttle.MaxInFlight, throttle.MaxInFlight) : null;
    }

    public Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.GetAsync(type, @namespace, name, ct), cancellationToken);

    public Task<JsonObject> ListAsync(ResourceType type, string? @namespace, ListRequest request, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.ListAsync(type, @namespace, request, ct), cancellationToken);

    public Task<JsonObject> CreateAsync(ResourceType type, string? @namespace, JsonObject obj, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.CreateAsync(type, @namespace, obj, ct), cancellationToken);

    public Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.UpdateAsync(type, obj, ct), cancellationToken);

    public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.UpdateStatusAsync(type, obj, ct), cancellationToken);

    public Task<JsonObject> CreateSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, JsonObject body, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.CreateSubresourceAsync(type, @namespace, name, subresource, body, ct), cancellationToken);

    public Task<JsonObject> GetSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.GetSubresourceAsync(type, @namespace, name, subresource, ct), cancellationToken);

    public Task<JsonObject> UpdateSubresourceAsync(ResourceType type, JsonObject obj, string subresource, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.UpdateSubresourceAsync(type, obj, subresource, ct), cancellationToken);

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchRequest patch, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.PatchAsync(type, @namespace, name, patch, ct), cancellationToken);

    public Task<JsonObject> DeleteAsync(ResourceType type, string? @namespace, string name, DeleteRequest? request, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.DeleteAsync(type, @namespace, name, request, ct), cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, string? @namespace, WatchRequest request, CancellationToken cancellationToken) =>
        _inner.WatchAsync(type, @namespace, request, cancellationToken);

    private async Task<JsonObject> RunAsync(Func<CancellationToken, Task<JsonObject>> call, CancellationToken cancellationToken)
    {
        if (_rate?.When(string.Empty) is { } wait && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        if (_inFlight is null)
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }

        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Release();
        }
    }
}
