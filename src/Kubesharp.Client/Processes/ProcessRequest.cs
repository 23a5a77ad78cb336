namespace Kubesharp.Client.Processes;

/// <summary>One run of a command-line tool: what to start, for how long at most, and what to feed it.</summary>
/// <param name="FileName">The program (a path, or a name looked up on PATH).</param>
/// <param name="Arguments">Its arguments, passed one by one (no shell, no quoting).</param>
/// <param name="Timeout">How long it may run before it is killed.</param>
public sealed record ProcessRequest(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    /// <summary>Written to its standard input, which is then closed; null closes it at once.</summary>
    public string? Input { get; init; }

    /// <summary>The command line as a user would type it, for messages.</summary>
    public override string ToString() => Arguments.Count == 0 ? FileName : $"{FileName} {string.Join(' ', Arguments)}";
}
