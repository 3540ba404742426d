using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// <c>get</c>'s table: NAME, STATE, NODES, FILES, AGE (NAMESPACE first across namespaces);
/// wide adds SELECTOR, FILTERS, START, END.
/// </summary>
public static class CaptureTable
{
    /// <summary>The table of <paramref name="captures"/> as seen at <paramref name="now"/>.</summary>
    public static string Render(IEnumerable<PacketCaptureResource> captures, bool allNamespaces, bool wide, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(captures);
        var headers = new List<string>();
        if (allNamespaces)
        {
            headers.Add("NAMESPACE");
        }

        headers.AddRange(["NAME", "STATE", "NODES", "FILES", "AGE"]);
        if (wide)
        {
            headers.AddRange(["SELECTOR", "FILTERS", "START", "END"]);
        }

        var table = new TextTable(headers);
        foreach (var capture in captures)
        {
            var row = new List<string>();
            if (allNamespaces)
            {
                row.Add(capture.Metadata.Namespace);
            }

            row.AddRange([
                capture.Metadata.Name,
                CaptureSummary.State(capture).ToString(),
                CaptureSummary.Number(CaptureSummary.Nodes(capture)),
                CaptureSummary.Number(CaptureSummary.Files(capture)),
                CaptureSummary.Age(capture, now),
            ]);
            if (wide)
            {
                row.AddRange([
                    CaptureSummary.Selector(capture),
                    CaptureSummary.CompactFilters(capture),
                    CaptureSummary.Time(capture.Spec.StartTime),
                    CaptureSummary.Time(capture.Spec.EndTime),
                ]);
            }

            table.Add(row);
        }

        return table.Render();
    }
}
