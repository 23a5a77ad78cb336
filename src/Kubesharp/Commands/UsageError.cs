using System.CommandLine;

namespace Kubesharp.Commands;

/// <summary>
/// A command line that does not parse (unknown flag or command, missing required option, a value
/// of the wrong type): one line naming the command, the problem and where the help is, exit code 2
/// (ARCHITECTURE.md), instead of System.CommandLine's full help on stdout and exit code 1.
/// </summary>
internal static class UsageError
{
    public static int Report(ParseResult parsed)
    {
        var command = string.Join(' ', CommandPath(parsed.CommandResult.Command));
        // What the user typed wrong comes before what is missing as a consequence ("frob" is not a
        // command, so no command was given either).
        var problems = string.Join("; ", parsed.Errors
            .OrderBy(e => parsed.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)) ? 0 : 1)
            .Select(e => e.Message.TrimEnd('.'))
            .Distinct(StringComparer.Ordinal));
        Console.Error.WriteLine($"{command}: {problems} (see {command} --help)");
        return ExitCodes.Usage;
    }

    /// <summary>"kubesharp token create" for the token create command: the root's name is the binary's file name, so it is spelled out.</summary>
    private static Stack<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Push(c.Name);
        }

        names.Push("kubesharp");
        return names;
    }
}
