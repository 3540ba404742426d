namespace PacketCapture.Capture;

/// <summary>
/// Disk admission (SPEC.md §5): a capture starts only when free space exceeds
/// <c>(maxFiles + 1) × maxSizeBytes</c>, room for every retained file plus the active one.
/// </summary>
public static class DiskAdmission
{
    /// <summary>Free bytes that must be exceeded, saturating instead of overflowing.</summary>
    public static long NeededBytes(int maxFiles, long maxSizeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFiles);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSizeBytes);
        var files = (long)maxFiles + 1;
        return maxSizeBytes > long.MaxValue / files ? long.MaxValue : files * maxSizeBytes;
    }

    /// <summary>True when <paramref name="freeBytes"/> strictly exceeds <see cref="NeededBytes"/>.</summary>
    public static bool Admits(long freeBytes, int maxFiles, long maxSizeBytes) => freeBytes > NeededBytes(maxFiles, maxSizeBytes);

    /// <summary>
    /// Free bytes available to this process on the file system holding <paramref name="path"/>,
    /// measured at the nearest existing ancestor so nothing is created before admission.
    /// </summary>
    public static long FreeBytes(string path)
    {
        var existing = Path.GetFullPath(path);
        while (!Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing) ?? "/";
        }

        return new DriveInfo(existing).AvailableFreeSpace;
    }

    /// <summary>Throws <see cref="CaptureAdmissionException"/> unless the file system of <paramref name="directory"/> admits the capture.</summary>
    public static void Check(string directory, int maxFiles, long maxSizeBytes)
    {
        var free = FreeBytes(directory);
        if (!Admits(free, maxFiles, maxSizeBytes))
        {
            throw new CaptureAdmissionException(directory, free, NeededBytes(maxFiles, maxSizeBytes));
        }
    }
}
