namespace Kubesharp.Client.Transport;

/// <summary>One API call: method, path with query (e.g. <c>/api/v1/namespaces/a/pods?limit=5</c>) and an optional body.</summary>
/// <param name="Streaming">True for watches: the transport must not buffer or time out the body.</param>
public sealed record ApiRequest(HttpMethod Method, string PathAndQuery, ReadOnlyMemory<byte>? Body = null, string? ContentType = null, bool Streaming = false);
