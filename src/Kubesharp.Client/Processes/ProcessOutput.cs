namespace Kubesharp.Client.Processes;

/// <summary>How a tool ended: its exit code and everything it wrote.</summary>
public sealed record ProcessOutput(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}
