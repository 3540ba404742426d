namespace PacketCapture.Capture;

/// <summary>The capture directory could not be created or inspected.</summary>
public sealed class CaptureDirectoryException : CaptureException
{
    /// <summary>Creates the exception for <paramref name="directory"/>.</summary>
    public CaptureDirectoryException(string directory, string detail, Exception? inner = null)
        : base($"cannot use capture directory {directory}: {detail}", inner)
    {
        Directory = directory;
    }

    /// <summary>The directory that failed.</summary>
    public string Directory { get; }
}
