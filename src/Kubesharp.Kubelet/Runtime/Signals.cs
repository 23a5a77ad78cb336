using System.Runtime.InteropServices;

namespace Kubesharp.Kubelet.Runtime;

/// <summary>Sends POSIX signals by pid; .NET only offers SIGKILL, and containerd deserves a SIGTERM first.</summary>
internal static partial class Signals
{
    public const int SigTerm = 15;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int NoSuchProcess = 3;
            if (errno != NoSuchProcess)
            {
                throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {errno}");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
