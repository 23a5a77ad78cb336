namespace Kubesharp.Api.Patching;

/// <summary>RFC 6901 JSON Pointer parsing: "/a/b~1c/~0d" is ["a", "b/c", "~d"]; "" is the whole document.</summary>
internal static class JsonPointer
{
    public static string[] Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new PatchException(422, $"invalid JSON pointer \"{pointer}\": it must be empty or start with \"/\"");
        }

        var tokens = pointer[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Unescape(tokens[i], pointer);
        }

        return tokens;
    }

    private static string Unescape(string token, string pointer)
    {
        if (!token.Contains('~', StringComparison.Ordinal))
        {
            return token;
        }

        var result = new System.Text.StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != '~')
            {
                result.Append(token[i]);
                continue;
            }

            // Only ~0 and ~1 are escapes; a lone "~" or "~2" is an invalid pointer.
            var next = i + 1 < token.Length ? token[i + 1] : '\0';
            result.Append(next switch
            {
                '0' => '~',
                '1' => '/',
                _ => throw new PatchException(422, $"invalid JSON pointer \"{pointer}\": \"~\" must be followed by 0 or 1"),
            });
            i++;
        }

        return result.ToString();
    }
}
