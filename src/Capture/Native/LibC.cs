using System.Runtime.InteropServices;

namespace PacketCapture.Capture.Native;

/// <summary>
/// The two stdio calls libpcap's dumper does not expose: <c>pcap_dump</c> ignores
/// <c>fwrite</c> failures, so the session asks the stream itself whether a write failed.
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "ferror")]
    public static partial int StreamError(IntPtr stream);

    [LibraryImport(Library, EntryPoint = "strerror")]
    private static partial IntPtr StrError(int errno);

    /// <summary>The C library's text for an errno value.</summary>
    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(StrError(errno)) ?? $"errno {errno}";
}
