using System.Text;

namespace Kubesharp.Kubelet.Cri;

/// <summary>What an exec printed and how it exited.</summary>
public sealed record ExecSyncResult(ReadOnlyMemory<byte> Stdout, ReadOnlyMemory<byte> Stderr, int ExitCode)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout.Span);

    public string StderrText => Encoding.UTF8.GetString(Stderr.Span);
}
