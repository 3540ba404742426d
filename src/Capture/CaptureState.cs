namespace PacketCapture.Capture;

/// <summary>Where a capture session is in its life (SPEC.md §5).</summary>
public enum CaptureState
{
    /// <summary>Known to the actor layer but not started here; a session never reports it itself.</summary>
    Scheduled,

    /// <summary>The interface is open and filtered; no packet has been written yet.</summary>
    WaitingForTraffic,

    /// <summary>At least one packet has been written.</summary>
    Capturing,

    /// <summary>Stopped on request, at the packet limit, or because the interface went away; files are complete.</summary>
    Finished,

    /// <summary>Opening, filtering, admission, writing or rotating failed; <see cref="CaptureSession.Reason"/> says why.</summary>
    Error,
}
