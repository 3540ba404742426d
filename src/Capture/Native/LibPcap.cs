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

    /// <summary>PCAP_ERRBUF_SIZE: libpcap writes at most this many bytes of error text.</summary>
    public const int ErrorBufferSize = 256;

    /// <summary><c>pcap_dispatch</c>/<c>pcap_loop</c> return value after <c>pcap_breakloop</c>.</summary>
    public const int ErrorBreak = -2;

    /// <summary>Size of the classic pcap global header written once per file.</summary>
    public const int FileHeaderSize = 24;

    /// <summary>Size of a classic pcap record header (32-bit seconds, microseconds, caplen, len).</summary>
    public const int RecordHeaderSize = 16;

    [StructLayout(LayoutKind.Sequential)]
    public struct BpfProgram
    {
        public uint Length;
        public IntPtr Instructions;
    }

    /// <summary>
    /// <c>struct pcap_pkthdr</c> on LP64 Linux: a <c>struct timeval</c> of two longs, then two 32-bit lengths.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PacketHeader
    {
        public long Seconds;
        public long Microseconds;
        public uint CapturedLength;
        public uint Length;
    }

    /// <summary><c>struct pcap_stat</c>: three 32-bit counters (SharpPcap reads them pointer-sized, wrongly).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Stats
    {
        public uint Received;
        public uint Dropped;
        public uint InterfaceDropped;
    }

    [LibraryImport(Library, EntryPoint = "pcap_open_dead")]
    public static partial IntPtr OpenDead(int linkType, int snapLength);

    [LibraryImport(Library, EntryPoint = "pcap_close")]
    public static partial void Close(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "pcap_compile", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Compile(IntPtr handle, BpfProgram* program, string expression, int optimize, uint netmask);

    [LibraryImport(Library, EntryPoint = "pcap_freecode")]
    public static partial void FreeCode(BpfProgram* program);

    [LibraryImport(Library, EntryPoint = "pcap_offline_filter")]
    public static partial int OfflineFilter(BpfProgram* program, PacketHeader* header, byte* packet);

    [LibraryImport(Library, EntryPoint = "pcap_geterr")]
    public static partial IntPtr GetError(IntPtr handle);

    /// <summary>The handle's last error text, copied out of libpcap's buffer.</summary>
    public static string LastError(IntPtr handle) => Marshal.PtrToStringUTF8(GetError(handle)) ?? "unknown libpcap error";

    [LibraryImport(Library, EntryPoint = "pcap_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr Create(string source, byte* errorBuffer);

    [LibraryImport(Library, EntryPoint = "pcap_set_snaplen")]
    public static partial int SetSnapLength(IntPtr handle, int snapLength);

    [LibraryImport(Library, EntryPoint = "pcap_set_promisc")]
    public static partial int SetPromiscuous(IntPtr handle, int promiscuous);

    [LibraryImport(Library, EntryPoint = "pcap_set_timeout")]
    public static partial int SetTimeout(IntPtr handle, int milliseconds);

    [LibraryImport(Library, EntryPoint = "pcap_set_buffer_size")]
    public static partial int SetBufferSize(IntPtr handle, int bytes);

    [LibraryImport(Library, EntryPoint = "pcap_activate")]
    public static partial int Activate(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "pcap_statustostr")]
    public static partial IntPtr StatusToString(int status);

    [LibraryImport(Library, EntryPoint = "pcap_datalink")]
    public static partial int DataLink(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "pcap_setfilter")]
    public static partial int SetFilter(IntPtr handle, BpfProgram* program);

    [LibraryImport(Library, EntryPoint = "pcap_dispatch")]
    public static partial int Dispatch(
        IntPtr handle, int count, delegate* unmanaged<byte*, PacketHeader*, byte*, void> callback, byte* user);

    /// <summary>Safe from another thread: since libpcap 1.10 it also wakes a blocked poll (eventfd).</summary>
    [LibraryImport(Library, EntryPoint = "pcap_breakloop")]
    public static partial void BreakLoop(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "pcap_stats")]
    public static partial int GetStats(IntPtr handle, Stats* stats);

    [LibraryImport(Library, EntryPoint = "pcap_dump_open_append", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr DumpOpenAppend(IntPtr handle, string path);

    [LibraryImport(Library, EntryPoint = "pcap_dump_flush", SetLastError = true)]
    public static partial int DumpFlush(IntPtr dumper);

    /// <summary>The dump stream's position: the file's size including what stdio still buffers.</summary>
    [LibraryImport(Library, EntryPoint = "pcap_dump_ftell64")]
    public static partial long DumpTell(IntPtr dumper);

    [LibraryImport(Library, EntryPoint = "pcap_dump_file")]
    public static partial IntPtr DumpFile(IntPtr dumper);

    [LibraryImport(Library, EntryPoint = "pcap_dump_close")]
    public static partial void DumpClose(IntPtr dumper);

    /// <summary>The address of libpcap's own record writer, called straight from the native callback.</summary>
    public static delegate* unmanaged<byte*, PacketHeader*, byte*, void> DumpFunction { get; } = LoadDump();

    /// <summary>Text of a <c>pcap_activate</c>/<c>pcap_set_*</c> status code.</summary>
    public static string StatusText(int status) => Marshal.PtrToStringUTF8(StatusToString(status)) ?? $"libpcap status {status}";

    private static delegate* unmanaged<byte*, PacketHeader*, byte*, void> LoadDump()
    {
        var library = NativeLibrary.Load(Library, typeof(LibPcap).Assembly, null);
        return (delegate* unmanaged<byte*, PacketHeader*, byte*, void>)NativeLibrary.GetExport(library, "pcap_dump");
    }
}
