namespace PacketCapture.Capture;

/// <summary>
/// A capture option is unusable, e.g. a path component (namespace, capture name, pod,
/// interface) that could escape the capture directory.
/// </summary>
public sealed class CaptureArgumentException : ArgumentException
{
    /// <summary>Creates the exception naming the offending <paramref name="paramName"/>.</summary>
    public CaptureArgumentException(string message, string paramName)
        : base(message, paramName)
    {
    }
}
