using PacketCapture.Capture;

namespace PacketCapture.Actors.Nodes;

/// <summary>Real capture sessions: libpcap on the interface, pcap files on disk.</summary>
public sealed class LibpcapSessionFactory : ICaptureSessionFactory
{
    /// <summary>The one instance; the factory has no state.</summary>
    public static LibpcapSessionFactory Instance { get; } = new();

    /// <inheritdoc />
    public ICaptureSession Create(CaptureSessionOptions options, ICaptureSessionObserver observer) =>
        new CaptureSession(options, observer);
}
