namespace Kubesharp.Client.Transport;

/// <summary>A response: the HTTP status and the body as a stream the owner reads and then disposes.</summary>
public sealed class ApiResponse(int statusCode, Stream body, IAsyncDisposable? owner = null) : IAsyncDisposable
{
    public int StatusCode { get; } = statusCode;

    public Stream Body { get; } = body;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public async ValueTask DisposeAsync()
    {
        await Body.DisposeAsync();
        if (owner is not null)
        {
            await owner.DisposeAsync();
        }
    }
}
