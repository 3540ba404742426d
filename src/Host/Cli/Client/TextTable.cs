using System.Text;

namespace PacketCapture.Host.Cli.Client;

/// <summary>Rows of text in left-aligned columns three spaces apart, as kubectl prints them.</summary>
public sealed class TextTable(IReadOnlyList<string> headers)
{
    private readonly List<IReadOnlyList<string>> _rows = [];

    /// <summary>Adds a row; it has one cell per header.</summary>
    public void Add(IReadOnlyList<string> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Count != headers.Count)
        {
            throw new ArgumentException($"a row has {headers.Count} cells, got {row.Count}", nameof(row));
        }

        _rows.Add(row);
    }

    /// <summary>The table, each line prefixed with <paramref name="indent"/>, lines ending in <c>\n</c>.</summary>
    public string Render(string indent = "")
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in _rows.Prepend(headers))
        {
            text.Append(indent);
            for (var i = 0; i < row.Count; i++)
            {
                var last = i == row.Count - 1;
                text.Append(last ? row[i] : row[i].PadRight(widths[i] + 3));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
