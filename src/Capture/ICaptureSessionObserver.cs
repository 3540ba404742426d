namespace PacketCapture.Capture;

/// <summary>
/// Receives a session's coarse notifications. Every method is called on the session's
/// capture thread (or on the thread calling <see cref="CaptureSession.Start"/> for start
/// failures), so it must return quickly; an exception it throws is swallowed so that a
/// faulty observer cannot stop a capture.
/// </summary>
public interface ICaptureSessionObserver
{
    /// <summary>The session entered <paramref name="state"/>; <paramref name="reason"/> is set for Finished and Error.</summary>
    void OnStateChanged(CaptureState state, string? reason);

    /// <summary>The active file was rotated.</summary>
    void OnFileRotated(FileRotation rotation);

    /// <summary>Retention deleted these rotated files (names, not paths) after a rotation.</summary>
    void OnFilesDeleted(IReadOnlyList<string> fileNames);
}
