namespace PacketCapture.Capture;

/// <summary>
/// Retention (SPEC.md §5): after a rotation keep the newest <c>maxFiles</c> rotated files of
/// the capture directory and delete the older ones. Newest means the highest microsecond
/// index in the name, not the file time, so the choice is the same on every node.
/// </summary>
public static class RetentionPolicy
{
    /// <summary>
    /// From the names in a capture directory, the rotated files to delete so that at most
    /// <paramref name="maxFiles"/> remain; active files and foreign names are never chosen.
    /// </summary>
    public static IReadOnlyList<string> FilesToDelete(IEnumerable<string> fileNames, int maxFiles)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFiles);
        var rotated = new List<(long Index, string Name)>();
        foreach (var name in fileNames)
        {
            if (PcapFileNames.TryParseRotated(name, out var index))
            {
                rotated.Add((index, name));
            }
        }

        if (rotated.Count <= maxFiles)
        {
            return [];
        }

        // Ties on the index are broken by name so the order is total and repeatable.
        rotated.Sort((a, b) => a.Index != b.Index ? b.Index.CompareTo(a.Index) : string.CompareOrdinal(b.Name, a.Name));
        return rotated.Skip(maxFiles).Select(r => r.Name).ToList();
    }
}
