using System.Globalization;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary>The derived facts the table and the description show about a capture.</summary>
public static class CaptureSummary
{
    /// <summary>Shown for a value that is not set (kubectl's word).</summary>
    public const string None = "<none>";

    /// <summary>
    /// The capture's overall state from its nodes' states, by the actor core's rule
    /// (<see cref="NodeStates.Combine"/>): Error wins, then Capturing, WaitingForTraffic,
    /// Scheduled; Finished only when every node is.
    /// </summary>
    public static CaptureState State(PacketCaptureResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var files = resource.Status?.Files ?? [];
        return NodeStates.Combine(files.Where(f => f.State is not null).Select(f => f.State!.Value));
    }

    /// <summary>How many nodes report for the capture.</summary>
    public static int Nodes(PacketCaptureResource resource) => resource.Status?.Files.Length ?? 0;

    /// <summary>How many files the capture has over all nodes.</summary>
    public static int Files(PacketCaptureResource resource) => resource.Status?.Files.Sum(f => f.FileNames.Length) ?? 0;

    /// <summary>The selector as it applies: blank means <c>all()</c>.</summary>
    public static string Selector(PacketCaptureResource resource) =>
        string.IsNullOrWhiteSpace(resource.Spec.Selector) ? "all()" : resource.Spec.Selector;

    /// <summary>Filters in one word for a table column: <c>TCP[80,1234:5678]|UDP</c>; <c>&lt;none&gt;</c> captures everything.</summary>
    public static string CompactFilters(PacketCaptureResource resource)
    {
        var filters = resource.Spec.EffectiveFilters;
        return filters.IsEmpty
            ? None
            : string.Join("|", filters.Select(f =>
                (f.Protocol?.ToString() ?? "any") + (f.Ports.IsEmpty ? "" : $"[{string.Join(",", f.Ports)}]")));
    }

    /// <summary>One filter rule in words: <c>protocol TCP, ports 80, 443</c>.</summary>
    public static string Rule(CaptureFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var protocol = filter.Protocol is { } p ? $"protocol {p}" : "any protocol";
        return filter.Ports.IsEmpty ? protocol : $"{protocol}, ports {string.Join(", ", filter.Ports)}";
    }

    /// <summary>A time as the resource writes it, or <c>&lt;none&gt;</c>.</summary>
    public static string Time(DateTimeOffset? time) => time is { } t ? Rfc3339.Format(t) : None;

    /// <summary>The age of the capture at <paramref name="now"/>, as kubectl shows it.</summary>
    public static string Age(PacketCaptureResource resource, DateTimeOffset now) =>
        resource.Metadata.CreationTimestamp is { } created ? Duration(now - created) : "<unknown>";

    /// <summary>
    /// A duration in at most two units, precise when short and coarse when long
    /// (<c>45s</c>, <c>3m20s</c>, <c>2h15m</c>, <c>3d4h</c>, <c>400d</c>), as kubectl's AGE column.
    /// </summary>
    public static string Duration(TimeSpan span)
    {
        // A creation time slightly ahead of this machine's clock is skew, not a future capture.
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        var seconds = (long)span.TotalSeconds;
        var minutes = seconds / 60;
        var hours = minutes / 60;
        var days = hours / 24;
        var years = days / 365;
        return seconds switch
        {
            < 120 => $"{seconds}s",
            _ when minutes < 10 => seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s",
            _ when minutes < 180 => $"{minutes}m",
            _ when hours < 8 => minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m",
            _ when hours < 48 => $"{hours}h",
            _ when hours < 192 => hours % 24 == 0 ? $"{days}d" : $"{days}d{hours % 24}h",
            _ when days < 730 => $"{days}d",
            _ when years < 8 => days % 365 == 0 ? $"{years}y" : $"{years}y{days % 365}d",
            _ => $"{years}y",
        };
    }

    /// <summary>An integer in the invariant culture.</summary>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
