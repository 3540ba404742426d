namespace PacketCapture.Actors.Captures;

/// <summary>Where the capture-wide schedule window stands.</summary>
public enum CapturePhase
{
    /// <summary>Not created yet, or deleted.</summary>
    None,

    /// <summary>Waiting for <c>startTime</c>.</summary>
    Scheduled,

    /// <summary>Between start and end: nodes capture.</summary>
    Running,

    /// <summary><c>endTime</c> passed: every node stops.</summary>
    Ended,
}
