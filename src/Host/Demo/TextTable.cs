namespace PacketCapture.Host.Demo;

/// <summary>Left-aligned columns with two spaces between them, for the demo's output.</summary>
public static class TextTable
{
    /// <summary>The header and rows as lines, each prefixed with <paramref name="indent"/>; trailing spaces trimmed.</summary>
    public static IReadOnlyList<string> Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string indent = "    ")
    {
        ArgumentNullException.ThrowIfNull(header);
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Count)
            .Select(i => all.Max(r => i < r.Count ? r[i].Length : 0))
            .ToArray();
        return all
            .Select(r => indent + string.Join("  ", Enumerable.Range(0, header.Count).Select(i => (i < r.Count ? r[i] : "").PadRight(widths[i]))).TrimEnd())
            .ToList();
    }
}
