using System.Runtime.InteropServices;

namespace Kubesharp.Proxy.Nft;

/// <summary>The few libnftables calls the proxy needs (the library the nft binary is built on).</summary>
internal static partial class LibNftables
{
    private const string Library = "libnftables.so.1";

    [LibraryImport(Library, EntryPoint = "nft_ctx_new")]
    public static partial nint CtxNew(uint flags);

    [LibraryImport(Library, EntryPoint = "nft_ctx_free")]
    public static partial void CtxFree(nint ctx);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_error")]
    public static partial int BufferError(nint ctx);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_error_buffer")]
    public static partial nint GetErrorBuffer(nint ctx);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_output")]
    public static partial int BufferOutput(nint ctx);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_output_buffer")]
    public static partial nint GetOutputBuffer(nint ctx);

    [LibraryImport(Library, EntryPoint = "nft_run_cmd_from_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RunCommand(nint ctx, string buffer);

    /// <summary>Whether the library can be loaded here.</summary>
    public static bool IsAvailable() => NativeLibrary.TryLoad(Library, out _);
}
