namespace PacketCapture.Capture;

/// <summary>libpcap could not open the interface (missing, no permission, not Ethernet).</summary>
public sealed class CaptureOpenException : CaptureException
{
    /// <summary>Creates the exception for <paramref name="interfaceName"/> with libpcap's <paramref name="detail"/>.</summary>
    public CaptureOpenException(string interfaceName, string detail)
        : base($"cannot capture on interface {interfaceName}: {detail}")
    {
        InterfaceName = interfaceName;
    }

    /// <summary>The interface that failed to open.</summary>
    public string InterfaceName { get; }
}
