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

    /// <summary>Instruction count of the compiled program (the kernel attaches at most 4096).</summary>
    /// <exception cref="ArgumentException">libpcap refuses the expression.</exception>
    public static int InstructionCount(string expression) => WithProgram(expression, program => (int)program->Length);

    /// <summary>True when <paramref name="expression"/> accepts <paramref name="frame"/> (an Ethernet frame).</summary>
    /// <exception cref="ArgumentException">libpcap refuses the expression.</exception>
    public static bool Matches(string expression, byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return WithProgram(expression, program =>
        {
            var header = new LibPcap.PacketHeader { CapturedLength = (uint)frame.Length, Length = (uint)frame.Length };
            fixed (byte* data = frame)
            {
                return LibPcap.OfflineFilter(program, &header, data) != 0;
            }
        });
    }

    private delegate T ProgramUse<T>(LibPcap.BpfProgram* program);

    private static T WithProgram<T>(string expression, ProgramUse<T> use)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var handle = LibPcap.OpenDead(LibPcap.LinkTypeEthernet, SnapLength);
        try
        {
            LibPcap.BpfProgram program;
            if (LibPcap.Compile(handle, &program, expression, 1, LibPcap.NetmaskUnknown) != 0)
            {
                throw new ArgumentException($"libpcap refuses \"{expression}\": {LibPcap.LastError(handle)}", nameof(expression));
            }

            try
            {
                return use(&program);
            }
            finally
            {
                LibPcap.FreeCode(&program);
            }
        }
        finally
        {
            LibPcap.Close(handle);
        }
    }
}
