using System.Security.Cryptography;

namespace Kubesharp.ApiServer.Registry;

/// <summary>generateName: the prefix plus 5 characters from upstream's alphabet (no vowels, no look-alikes).</summary>
internal static class NameGenerator
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int RandomLength = 5;
    private const int MaxNameLength = 63;

    public static string Generate(string prefix)
    {
        // Upstream trims the prefix so the generated name stays a valid label length.
        if (prefix.Length > MaxNameLength - RandomLength)
        {
            prefix = prefix[..(MaxNameLength - RandomLength)];
        }

        Span<char> suffix = stackalloc char[RandomLength];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return prefix + new string(suffix);
    }
}
