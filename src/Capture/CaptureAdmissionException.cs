namespace PacketCapture.Capture;

/// <summary>The capture directory's file system has too little free space (SPEC.md §5 disk admission).</summary>
public sealed class CaptureAdmissionException : CaptureException
{
    /// <summary>Creates the refusal for <paramref name="directory"/>.</summary>
    public CaptureAdmissionException(string directory, long freeBytes, long neededBytes)
        : base($"not enough free space for capture directory {directory}: {freeBytes} bytes free, more than {neededBytes} needed")
    {
        Directory = directory;
        FreeBytes = freeBytes;
        NeededBytes = neededBytes;
    }

    /// <summary>The capture directory that was checked.</summary>
    public string Directory { get; }

    /// <summary>Free bytes available to the process on that file system.</summary>
    public long FreeBytes { get; }

    /// <summary>Free space must exceed this: <c>(maxFiles + 1) × maxSizeBytes</c>.</summary>
    public long NeededBytes { get; }
}
