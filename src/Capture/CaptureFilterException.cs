namespace PacketCapture.Capture;

/// <summary>libpcap refused the BPF filter expression.</summary>
public sealed class CaptureFilterException : CaptureException
{
    /// <summary>Creates the exception for <paramref name="filter"/> with libpcap's <paramref name="detail"/>.</summary>
    public CaptureFilterException(string filter, string detail)
        : base($"invalid capture filter \"{filter}\": {detail}")
    {
        Filter = filter;
    }

    /// <summary>The refused expression.</summary>
    public string Filter { get; }
}
