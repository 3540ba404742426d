namespace PacketCapture.Capture;

/// <summary>A capture session could not start; the message is one line naming the cause.</summary>
public abstract class CaptureException : Exception
{
    /// <summary>Creates the exception with a one-line <paramref name="message"/>.</summary>
    protected CaptureException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
