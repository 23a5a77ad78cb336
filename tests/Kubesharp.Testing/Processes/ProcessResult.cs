namespace Kubesharp.Testing.Processes;

/// <summary>How a finished tool exited and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
