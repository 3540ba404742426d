using System.Text;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary><c>describe</c>'s text: metadata, spec, a per-node table and every file name.</summary>
public static class CaptureDescription
{
    /// <summary>The description of <paramref name="capture"/> as seen at <paramref name="now"/>.</summary>
    public static string Render(PacketCaptureResource capture, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var meta = capture.Metadata;
        var spec = capture.Spec;
        var text = new StringBuilder();
        Field(text, "Name", meta.Name);
        Field(text, "Namespace", meta.Namespace);
        Map(text, "Labels", meta.Labels);
        Map(text, "Annotations", meta.Annotations);
        Field(text, "Created", meta.CreationTimestamp is { } created
            ? $"{Rfc3339.Format(created)} ({CaptureSummary.Age(capture, now)} ago)"
            : "<unknown>");
        Field(text, "State", CaptureSummary.State(capture).ToString());

        text.Append("Spec:\n");
        Field(text, "  Selector", CaptureSummary.Selector(capture));
        if (spec.EffectiveFilters.IsEmpty)
        {
            Field(text, "  Filters", "<none> (every packet)");
        }
        else
        {
            text.Append("  Filters:\n");
            foreach (var filter in spec.EffectiveFilters)
            {
                text.Append("    - ").Append(CaptureSummary.Rule(filter)).Append('\n');
            }
        }

        Field(text, "  Start Time", spec.StartTime is { } start ? Rfc3339.Format(start) : "<none> (at once)");
        Field(text, "  End Time", spec.EndTime is { } end ? Rfc3339.Format(end) : "<none> (until deleted)");

        var nodes = capture.Status?.Files ?? [];
        if (nodes.IsEmpty)
        {
            text.Append("Nodes:        <none> (no node has reported yet)\n");
            return text.ToString();
        }

        text.Append("Nodes:\n");
        var table = new TextTable(["NODE", "STATE", "FILES", "DIRECTORY"]);
        foreach (var node in nodes)
        {
            table.Add([
                node.Node,
                node.State?.ToString() ?? "<unknown>",
                CaptureSummary.Number(node.FileNames.Length),
                node.Directory ?? CaptureSummary.None,
            ]);
        }

        text.Append(table.Render("  "));
        text.Append("Files:\n");
        foreach (var node in nodes)
        {
            text.Append("  ").Append(node.Node).Append(':');
            if (node.FileNames.IsEmpty)
            {
                text.Append(" <none>\n");
                continue;
            }

            text.Append('\n');
            foreach (var file in node.FileNames)
            {
                text.Append("    ").Append(file).Append('\n');
            }
        }

        return text.ToString();
    }

    private static void Field(StringBuilder text, string label, string value) =>
        text.Append((label + ":").PadRight(14)).Append(value).Append('\n');

    private static void Map(StringBuilder text, string label, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            Field(text, label, CaptureSummary.None);
            return;
        }

        var first = true;
        foreach (var (key, value) in map)
        {
            text.Append(first ? (label + ":").PadRight(14) : new string(' ', 14)).Append(key).Append('=').Append(value).Append('\n');
            first = false;
        }
    }
}
