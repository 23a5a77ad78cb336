namespace Kubesharp.Commands;

/// <summary>The process exit codes of ARCHITECTURE.md.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int UserError = 1;
    public const int Usage = 2;
}
