using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>Reads the HTTP/1.1 upgrade a streaming request asks for (SPDY/3.1 or WebSocket).</summary>
internal static class StreamUpgrade
{
    public static bool Requested(HttpRequest request) =>
        request.Headers.Upgrade.Count > 0
        && request.Headers.Connection.SelectMany(Tokens).Contains("upgrade", StringComparer.OrdinalIgnoreCase);

    /// <summary>The subprotocols a WebSocket client offers, in its order; none for SPDY.</summary>
    public static IEnumerable<string> WebSocketProtocols(HttpRequest request) =>
        request.Headers.Upgrade.SelectMany(Tokens).Contains("websocket", StringComparer.OrdinalIgnoreCase)
            ? request.Headers.SecWebSocketProtocol.SelectMany(Tokens)
            : [];

    private static IEnumerable<string> Tokens(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
