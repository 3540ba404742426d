using System.Runtime.InteropServices;

namespace PacketCapture.Actors.Tests.Filters;

/// <summary>
/// Runs a filter expression over one frame with the real libpcap (<c>pcap_offline_filter</c>),
/// so tests can show what a generated filter matches, not just that it compiles.
/// </summary>
internal static unsafe partial class LibPcapFilter
{
    private const string Library = "libpcap.so.0.8";

    [StructLayout(LayoutKind.Sequential)]
    private struct BpfProgram
    {
        public uint Length;
        public IntPtr Instructions;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PacketHeader
    {
        public long Seconds;
        public long Microseconds;
        public uint CaptureLength;
        public uint Length;
    }

    [LibraryImport(Library, EntryPoint = "pcap_open_dead")]
    private static partial IntPtr OpenDead(int linkType, int snapLength);

    [LibraryImport(Library, EntryPoint = "pcap_close")]
    private static partial void Close(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "pcap_compile", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Compile(IntPtr handle, BpfProgram* program, string expression, int optimize, uint netmask);

    [LibraryImport(Library, EntryPoint = "pcap_freecode")]
    private static partial void FreeCode(BpfProgram* program);

    [LibraryImport(Library, EntryPoint = "pcap_offline_filter")]
    private static partial int OfflineFilter(BpfProgram* program, PacketHeader* header, byte* packet);

    /// <summary>Instruction count of the compiled program (the kernel attaches at most 4096).</summary>
    public static int InstructionCount(string expression) => With(expression, program => (int)program->Length);

    /// <summary>True when <paramref name="expression"/> accepts <paramref name="frame"/> (an Ethernet frame).</summary>
    public static bool Matches(string expression, byte[] frame) => With(expression, program =>
    {
        var header = new PacketHeader { CaptureLength = (uint)frame.Length, Length = (uint)frame.Length };
        fixed (byte* data = frame)
        {
            return OfflineFilter(program, &header, data) != 0;
        }
    });

    private delegate T ProgramUse<T>(BpfProgram* program);

    private static T With<T>(string expression, ProgramUse<T> use)
    {
        var handle = OpenDead(1, 65536);
        try
        {
            BpfProgram program;
            if (Compile(handle, &program, expression, 1, 0xffffffff) != 0)
            {
                throw new InvalidOperationException($"libpcap refused \"{expression}\"");
            }

            try
            {
                return use(&program);
            }
            finally
            {
                FreeCode(&program);
            }
        }
        finally
        {
            Close(handle);
        }
    }
}
