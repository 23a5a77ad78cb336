namespace Kubesharp.Storage;

/// <summary>
/// The key space: absolute, slash-separated paths of at most <see cref="MaxKeyBytes"/> UTF-8 bytes.
/// Both backends validate with this before touching storage, so bad input never changes state.
/// </summary>
internal static class StoreKeys
{
    public const int MaxKeyBytes = 4096;

    public static void ValidateKey(string key, string parameterName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length == 0)
        {
            throw new ArgumentException("The key is empty; keys are absolute paths such as /registry/pods/default/web.", parameterName);
        }

        ValidatePath(key, parameterName, "key");
        if (key.EndsWith('/'))
        {
            throw new ArgumentException($"The key '{key}' ends with '/'; that form is reserved for prefixes.", parameterName);
        }
    }

    public static void ValidatePrefix(string prefix, string parameterName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, parameterName);
        if (prefix.Length == 0)
        {
            throw new ArgumentException("The prefix is empty; use \"/\" for the whole key space.", parameterName);
        }

        ValidatePath(prefix, parameterName, "prefix");
    }

    /// <summary>Values are serialized objects: an empty one is always a caller's mistake.</summary>
    public static void ValidateValue(ReadOnlyMemory<byte> value, string parameterName = "value")
    {
        if (value.IsEmpty)
        {
            throw new ArgumentException("The value is empty; the store keeps serialized objects, never empty values.", parameterName);
        }
    }

    /// <summary>The smallest key greater than every key that starts with <paramref name="prefix"/>, by ordinal UTF-8 order.</summary>
    public static byte[] RangeEnd(ReadOnlySpan<byte> prefix)
    {
        var end = prefix.ToArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        return [0]; // etcd's convention for "to the end of the key space"
    }

    private static void ValidatePath(string value, string parameterName, string what)
    {
        if (value[0] != '/')
        {
            throw new ArgumentException($"The {what} '{value}' is outside the key space: it must start with '/'.", parameterName);
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {what} contains a NUL character.", parameterName);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(value) > MaxKeyBytes)
        {
            throw new ArgumentException($"The {what} is longer than {MaxKeyBytes} bytes.", parameterName);
        }
    }
}
