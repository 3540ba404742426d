using System.Globalization;
using System.Text;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Server;

/// <summary>
/// <c>/metrics</c> in the Prometheus text exposition format (0.0.4), written by hand: a handful of
/// families does not justify a metrics library. Counters are per capture, node, pod and interface,
/// as the nodes last reported them.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The response's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly (string Name, string Help, Func<TrafficCounters, long> Value)[] TrafficFamilies =
    [
        ("packetcapture_packets_total", "Packets written to capture files.", c => c.Packets),
        ("packetcapture_bytes_total", "Bytes written to capture files (pcap record headers included).", c => c.Bytes),
        ("packetcapture_dropped_packets_total", "Packets the kernel dropped for lack of capture buffer space.", c => c.Dropped),
        ("packetcapture_interface_dropped_packets_total", "Packets the interface dropped.", c => c.DroppedByInterface),
    ];

    /// <summary>The exposition of <paramref name="captures"/> and the member's health.</summary>
    /// <param name="captures">Every capture's view.</param>
    /// <param name="memberUp">Whether this cluster member is Up.</param>
    /// <param name="journal">The journal probe just made.</param>
    public static string Write(IReadOnlyList<CaptureView> captures, bool memberUp, JournalProbeResult journal)
    {
        ArgumentNullException.ThrowIfNull(captures);
        ArgumentNullException.ThrowIfNull(journal);
        var text = new StringBuilder();

        Family(text, "packetcapture_captures", "gauge", "Captures by state.");
        foreach (var state in Enum.GetValues<CaptureState>())
        {
            Sample(text, "packetcapture_captures", [("state", state.ToString())], captures.Count(c => c.State == state));
        }

        Family(text, "packetcapture_captures_active", "gauge", "Captures with an open session (WaitingForTraffic or Capturing).");
        Sample(text, "packetcapture_captures_active", [], captures.Count(c => c.State is CaptureState.WaitingForTraffic or CaptureState.Capturing));

        var endpoints = (
            from capture in captures
            from node in capture.Nodes
            from endpoint in node.Endpoints
            select (capture.Key, node.Node, endpoint)).ToList();
        foreach (var (name, help, value) in TrafficFamilies)
        {
            Family(text, name, "counter", help);
            foreach (var (key, node, endpoint) in endpoints)
            {
                Sample(text, name,
                    [("namespace", key.Namespace), ("name", key.Name), ("node", node), ("pod", endpoint.Pod), ("interface", endpoint.Interface)],
                    value(endpoint.Counters));
            }
        }

        Family(text, "packetcapture_member_up", "gauge", "1 when this cluster member is Up.");
        Sample(text, "packetcapture_member_up", [], memberUp ? 1 : 0);
        Family(text, "packetcapture_journal_up", "gauge", "1 when the journal answered the probe of this scrape.");
        Sample(text, "packetcapture_journal_up", [], journal.Ok ? 1 : 0);
        if (journal.Latency is { } latency)
        {
            Family(text, "packetcapture_journal_probe_seconds", "gauge", "Round trip of a read-only journal probe.");
            text.Append("packetcapture_journal_probe_seconds ")
                .Append(latency.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>How many capture entities sharding runs on this member (which member hosts a capture,
    /// e.g. to find where an entity moved after a member was lost).</summary>
    public static string HostedEntities(int count)
    {
        var text = new StringBuilder();
        Family(text, "packetcapture_member_capture_entities", "gauge", "Capture entities running on this cluster member.");
        Sample(text, "packetcapture_member_capture_entities", [], count);
        return text.ToString();
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, (string Label, string Value)[] labels, long value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(labels[i].Label).Append("=\"");
                Escape(text, labels[i].Value);
                text.Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    // The format's three escapes in label values; names and namespaces are validated, pods and interfaces come from outside.
    private static void Escape(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }
}
