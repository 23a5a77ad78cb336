using System.Security.Cryptography;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>A precomputed JSON body with its strong ETag (a hash of the bytes, like upstream's).</summary>
internal sealed class CachedDocument
{
    public CachedDocument(byte[] body)
    {
        Body = body;
        ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
    }

    public byte[] Body { get; }

    public string ETag { get; }
}
