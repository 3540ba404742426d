using PacketCapture.Capture.Native;

namespace PacketCapture.Capture;

/// <summary>
/// Compiles a BPF filter expression with the real libpcap, without opening an
/// interface, so a filter that libpcap would refuse is caught before a capture starts.
/// </summary>
public static unsafe class BpfFilterCheck
{
    /// <summary>Snap length of every capture (SPEC.md §5); it bounds what a filter may load.</summary>
    public const int SnapLength = 65536;

    /// <summary>
    /// Returns null when libpcap compiles <paramref name="expression"/> for Ethernet,
    /// or libpcap's own error message when it does not.
    /// </summary>
    public static string? Check(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var handle = LibPcap.OpenDead(LibPcap.LinkTypeEthernet, SnapLength);
        if (handle == IntPtr.Zero)
        {
            return "libpcap could not open a dead handle";
        }

        try
        {
            LibPcap.BpfProgram program;
            if (LibPcap.Compile(handle, &program, expression, 1, LibPcap.NetmaskUnknown) != 0)
            {
                return LibPcap.LastError(handle);
            }

            LibPcap.FreeCode(&program);
            return null;
        }
        finally
        {
            LibPcap.Close(handle);
        }
    }
}
