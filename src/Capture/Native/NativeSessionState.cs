using System.Runtime.InteropServices;

namespace PacketCapture.Capture.Native;

/// <summary>
/// Everything the per-packet callback touches, in one pinned block handed to
/// <c>pcap_dispatch</c> as its user pointer, so the hot path needs no managed object.
/// Only the capture thread writes it; other threads only read the 64-bit counters.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeSessionState
{
    /// <summary>libpcap's <c>pcap_dump</c>, called directly for every fitting packet.</summary>
    public delegate* unmanaged<byte*, LibPcap.PacketHeader*, byte*, void> Dump;

    /// <summary>The live capture handle (for <c>pcap_breakloop</c> from the callback).</summary>
    public IntPtr Pcap;

    /// <summary>The open <c>pcap_dumper_t</c>, or zero before the first packet and after a rotation.</summary>
    public IntPtr Dumper;

    /// <summary>GCHandle of the owning session, used only on the rare paths (open, rotate, fail).</summary>
    public IntPtr Session;

    /// <summary>No file may grow beyond this many bytes.</summary>
    public long MaxFileBytes;

    /// <summary>Stop after this many written packets; 0 means never.</summary>
    public long MaxPackets;

    /// <summary>Bytes in the active file, written or buffered, header included.</summary>
    public long FileBytes;

    /// <summary>Packets this session wrote into the active file.</summary>
    public long FilePackets;

    /// <summary>Packets written by the session over all files.</summary>
    public long PacketsWritten;

    /// <summary>Bytes written by the session over all files.</summary>
    public long BytesWritten;

    /// <summary>Non-zero after a failure or the packet limit: the rest of the batch is ignored.</summary>
    public int Halted;
}
