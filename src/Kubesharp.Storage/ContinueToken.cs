using System.Buffers.Binary;
using System.Text;

namespace Kubesharp.Storage;

/// <summary>
/// The opaque token between pages of a listing: the revision the listing is pinned to and the
/// last key returned. Encoded as base64url of [version byte][revision int64][key UTF-8], so it
/// round-trips any key and a damaged token is detected rather than misread.
/// </summary>
internal readonly record struct ContinueToken(long Revision, string LastKey)
{
    private const byte Version = 1;

    public string Encode()
    {
        var keyBytes = Encoding.UTF8.GetBytes(LastKey);
        var buffer = new byte[1 + sizeof(long) + keyBytes.Length];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(1), Revision);
        keyBytes.CopyTo(buffer, 1 + sizeof(long));
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Decodes a token and checks it belongs to <paramref name="prefix"/>.</summary>
    public static ContinueToken Decode(string token, string prefix)
    {
        var bytes = TryFromBase64Url(token);
        if (bytes is null || bytes.Length < 1 + sizeof(long) + 1 || bytes[0] != Version)
        {
            throw new ArgumentException("The continue token is malformed; start the listing again without it.", nameof(token));
        }

        var revision = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        string key;
        try
        {
            key = new UTF8Encoding(false, true).GetString(bytes, 1 + sizeof(long), bytes.Length - 1 - sizeof(long));
        }
        catch (DecoderFallbackException)
        {
            throw new ArgumentException("The continue token is malformed; start the listing again without it.", nameof(token));
        }

        if (revision <= 0 || !key.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("The continue token does not belong to this listing; start the listing again without it.", nameof(token));
        }

        return new ContinueToken(revision, key);
    }

    private static byte[]? TryFromBase64Url(string token)
    {
        var s = token.Replace('-', '+').Replace('_', '/');
        s = (s.Length % 4) switch
        {
            2 => s + "==",
            3 => s + "=",
            0 => s,
            _ => string.Empty,
        };
        if (s.Length == 0)
        {
            return null;
        }

        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out var written) ? buffer[..written] : null;
    }
}
