using System.Text;

namespace Kubesharp.Kubelet.Env;

/// <summary>
/// Upstream's <c>$(VAR)</c> syntax (env values, command, args, subPathExpr): <c>$(NAME)</c> is
/// replaced when NAME is known and kept verbatim otherwise, <c>$$</c> is a literal <c>$</c>, an
/// unclosed <c>$(</c> or a lone <c>$</c> stays as written.
/// </summary>
internal static class Expansion
{
    /// <param name="input">The text to expand.</param>
    /// <param name="lookup">The value of a name, or null when it is not defined (the reference is then kept).</param>
    public static string Expand(string input, Func<string, string?> lookup)
    {
        if (!input.Contains('$', StringComparison.Ordinal))
        {
            return input;
        }

        var output = new StringBuilder(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (c != '$' || i + 1 == input.Length)
            {
                output.Append(c);
                i++;
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '(' && input.IndexOf(')', i + 2) is var close and >= 0)
            {
                var name = input[(i + 2)..close];
                output.Append(lookup(name) ?? $"$({name})");
                i = close + 1;
            }
            else
            {
                // "$x" or an unclosed "$(": both characters are literal and scanning resumes after them.
                output.Append(c).Append(next);
                i += 2;
            }
        }

        return output.ToString();
    }
}
