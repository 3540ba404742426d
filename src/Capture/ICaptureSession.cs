namespace PacketCapture.Capture;

/// <summary>
/// One capture on one interface, as the actors drive it. <see cref="CaptureSession"/> is the
/// libpcap implementation; actor tests substitute a scripted one so schedules and state
/// changes can be tested in virtual time.
/// </summary>
public interface ICaptureSession : IDisposable
{
    /// <summary>The session's state; the observer is told of every change.</summary>
    CaptureState State { get; }

    /// <summary>Why the session is Finished or in Error; null before.</summary>
    string? Reason { get; }

    /// <summary>Opens the interface, sets the filter and starts capturing on its own thread.</summary>
    /// <exception cref="CaptureException">Admission, open or filter failed; the state is Error.</exception>
    void Start();

    /// <summary>Asks for a time rotation; ignored while the active file holds no packet.</summary>
    void Rotate();

    /// <summary>Stops capturing and closes the file; the state becomes Finished unless it already ended.</summary>
    void Stop();

    /// <summary>Packets and bytes written, and the kernel's receive and drop counters.</summary>
    CaptureCounters ReadCounters();
}
