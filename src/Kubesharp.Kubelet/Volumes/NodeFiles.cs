using System.Runtime.InteropServices;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>
/// The few file-system calls .NET does not offer: file type (sockets, devices), an atomic rename of
/// a symlink over a symlink, realpath, and tmpfs mount/unmount.
/// </summary>
internal static partial class NodeFiles
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int MntDetach = 2;
    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;

    /// <summary>The file type bits (S_IFMT) of <paramref name="path"/>, following symlinks; null when it does not exist.</summary>
    public static FileKind? KindOf(string path)
    {
        // statx's layout is the same on every architecture, unlike struct stat: stx_mode is a u16 at offset 28.
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is NoSuchFile or NotADirectory ? null : throw new IOException($"statx {path}: errno {errno}");
        }

        var mode = BitConverter.ToUInt16(buffer, StatxModeOffset) & 0xF000;
        return mode switch
        {
            0x4000 => FileKind.Directory,
            0x8000 => FileKind.File,
            0xC000 => FileKind.Socket,
            0x2000 => FileKind.CharDevice,
            0x6000 => FileKind.BlockDevice,
            0xA000 => FileKind.Symlink,
            _ => FileKind.Other,
        };
    }

    /// <summary>rename(2): atomically replaces <paramref name="to"/>, even when both are symlinks to directories.</summary>
    public static void Rename(string from, string to)
    {
        if (RenameNative(from, to) != 0)
        {
            throw new IOException($"rename {from} → {to}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The canonical path with every symlink resolved; null when a component does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    public static void MountTmpfs(string target, long sizeBytes)
    {
        if (Mount("tmpfs", target, "tmpfs", 0, $"size={sizeBytes},mode=0777") != 0)
        {
            throw new IOException($"mount -t tmpfs -o size={sizeBytes} tmpfs {target}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Lazy unmount, so a busy mount point still detaches; a path that is not a mount point is no error.</summary>
    public static void Unmount(string target)
    {
        if (Umount2(target, MntDetach) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int InvalidArgument = 22;
            if (errno is not (InvalidArgument or NoSuchFile))
            {
                throw new IOException($"umount {target}: errno {errno}");
            }
        }
    }

    /// <summary>Mount points at or under <paramref name="root"/>, deepest first (from /proc/self/mountinfo).</summary>
    public static IReadOnlyList<string> MountsUnder(string root)
    {
        var prefix = root.TrimEnd('/') + "/";
        var found = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                var point = Unescape(fields[4]);
                if (point == root.TrimEnd('/') || point.StartsWith(prefix, StringComparison.Ordinal))
                {
                    found.Add(point);
                }
            }
        }

        return found.OrderByDescending(p => p.Length).ToList();
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new System.Text.StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string from, string to);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mount(string source, string target, string type, ulong flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);
}
