namespace Kubesharp.Client.Transport;

/// <summary>
/// How a client reaches an API server: one request, one response whose body is streamed, so the
/// same seam carries plain calls and long-running watches. HTTPS is one implementation; an
/// in-process transport for the single binary is another.
/// </summary>
public interface IApiTransport : IAsyncDisposable
{
    /// <summary>
    /// Sends <paramref name="request"/> and returns once the response headers are in; the caller
    /// disposes the response. Non-2xx statuses are returned, not thrown.
    /// </summary>
    Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken);
}
