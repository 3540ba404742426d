using PacketCapture.Capture;

namespace PacketCapture.Actors.Nodes;

/// <summary>Makes the capture session an <c>InterfaceCaptureActor</c> owns: libpcap in
/// production (<see cref="LibpcapSessionFactory"/>), scripted sessions in actor tests and benchmarks.</summary>
public interface ICaptureSessionFactory
{
    /// <summary>A session that is not started yet; the observer hears of its state changes and rotations.</summary>
    ICaptureSession Create(CaptureSessionOptions options, ICaptureSessionObserver observer);
}
