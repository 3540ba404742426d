using System.Runtime.InteropServices;

namespace PacketCapture.Capture.Native;

/// <summary>
/// Direct bindings to libpcap for what SharpPcap does not do right or at all
/// (dead handles for filter checks, real <c>pcap_stats</c>, native dumping).
/// </summary>
internal static unsafe partial class LibPcap
{
    /// <summary>Debian's runtime package (libpcap0.8) ships only this soname.</summary>
    private const string Library = "libpcap.so.0.8";

    /// <summary>DLT_EN10MB: every capture writes Ethernet frames.</summary>
    public const int LinkTypeEthernet = 1;

    /// <summary>PCAP_NETMASK_UNKNOWN: no netmask, so "ip broadcast" is the only expression refused.</summary>
    public const uint NetmaskUnknown = 0xffffffff;

    [StructLayout(LayoutKind.Sequential)]
    public struct BpfProgram
    {
        public uint Length;
        public IntPtr Instructions;
    }

    [LibraryImport(Library, EntryPoint = "pcap_open_dead")]
    public static partial IntPtr OpenDead(int linkType, int snapLength);

    [LibraryImport(Library, EntryPoint = "pcap_close")]
    public static partial void Close(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "pcap_compile", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Compile(IntPtr handle, BpfProgram* program, string expression, int optimize, uint netmask);

    [LibraryImport(Library, EntryPoint = "pcap_freecode")]
    public static partial void FreeCode(BpfProgram* program);

    [LibraryImport(Library, EntryPoint = "pcap_geterr")]
    public static partial IntPtr GetError(IntPtr handle);

    /// <summary>The handle's last error text, copied out of libpcap's buffer.</summary>
    public static string LastError(IntPtr handle) => Marshal.PtrToStringUTF8(GetError(handle)) ?? "unknown libpcap error";
}
